// The wire formats of keyless signing, without any HTTP: the identity token's claims, the
// Fulcio v2 certificate request and response, Rekor v1 entry requests (hashedrekord 0.0.1 for
// message signatures, intoto 0.0.2 for DSSE) and responses, and the TSA's JSON request.
// Everything parsed here comes from a service and is verified afterwards as any bundle is.
#pragma once

#include <string>
#include <string_view>

#include "attestation/dsse_envelope.h"
#include "base/result.h"
#include "sigstore/tlog_entry.h"

namespace attestfs::sigstore {

// The OIDC token's `sub` claim (or `email` when present, as Fulcio signs it): kUsage when the
// token is not a JWT with a JSON payload; the signature is Fulcio's to check.
Result<std::string> TokenSubject(std::string_view token);

// POST /api/v2/signingCert body; `proof` is the signature over TokenSubject.
std::string FulcioRequest(std::string_view token, std::string_view public_key_pem,
                          std::string_view proof);
// The leaf certificate (DER) of a signedCertificateEmbeddedSct response.
Result<std::string> FulcioLeafDer(std::string_view response_json);

// Rekor v1 proposed entries.
std::string HashedRekordRequest(std::string_view signature, std::string_view certificate_pem,
                                std::string_view sha256_digest);
std::string IntotoRequest(const attestation::DsseEnvelope& envelope,
                          std::string_view certificate_pem);
// A POST /api/v1/log/entries response ({uuid: {body, integratedTime, logID, logIndex,
// verification}}) as a bundle tlog entry of the given kind and version.
Result<TlogEntry> ParseRekorResponse(std::string_view response_json, std::string_view kind,
                                     std::string_view version);

// The TSA's JSON request (Sigstore timestamp-authority) for the SHA-256 of the signature.
std::string TimestampRequest(std::string_view signature, uint64_t nonce);

// The DER of the first PEM block.
Result<std::string> PemBlockToDer(std::string_view pem);
std::string DerToPem(std::string_view der, std::string_view label);

}  // namespace attestfs::sigstore

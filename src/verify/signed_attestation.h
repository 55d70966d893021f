// SignedAttestation: an attestation as stored or shipped — a bare DSSE envelope or a Sigstore
// bundle — parsed from untrusted bytes, and verified into a VerifiedAttestation. Nothing in
// the payload is parsed or trusted before a signature over it verifies (DSSE: verify over the
// exact decoded payload bytes, then parse those same bytes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attestation/statement.h"
#include "base/result.h"
#include "keys/trust_policy.h"

namespace attestfs::verify {

struct VerifiedAttestation {
  std::string digest;      // "sha256:<hex>" of the envelope/bundle bytes
  std::string media_type;  // attestation::kDsseEnvelopeMediaType or kBundleMediaTypeV03
  attestation::Statement statement;
  keys::SignerIdentity signer;
  // The certificate chain (DER, leaf first) the bundle carried when a certificate signed; the
  // signature verified under it. Policies re-check it against their own CA roots.
  std::vector<std::string> cert_chain_der;
  // The Sigstore bundle as received (empty for bare DSSE envelopes): keyless signer-identity
  // rules re-verify it against their own trusted root.
  std::string container_json;
};

// Detects the container (bundle when it has "mediaType" + "dsseEnvelope", else DSSE), checks
// the payload type is in-toto, verifies the signature under `trust`, then parses the Statement.
Result<VerifiedAttestation> VerifySignedAttestation(std::string_view bytes,
                                                    const keys::TrustPolicy& trust);

// The media type of the container, without verifying anything (for indexing).
Result<std::string> DetectMediaType(std::string_view bytes);

// Parses the statement WITHOUT verifying (only for indexing a document we just signed ourselves).
Result<attestation::Statement> UnverifiedStatementForIndex(std::string_view bytes);

}  // namespace attestfs::verify

// DSSE envelope v1 (secure-systems-lab/dsse): JSON codec, PAE, sign and verify.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"

namespace attestfs::attestation {

// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body  (DSSE protocol.md)
std::string PreAuthEncode(std::string_view payload_type, std::string_view payload);
// "<tag> LEN(type) type LEN(body) " — PAE's header ("DSSEv1"), shared with legacy encodings.
std::string PreAuthHeader(std::string_view tag, std::string_view payload_type, size_t payload_size);

struct DsseSignature {
  std::string keyid;
  std::string sig;  // raw signature bytes (base64 only in JSON)
};

struct DsseEnvelope {
  std::string payload_type;
  std::string payload;  // raw (decoded) payload bytes
  std::vector<DsseSignature> signatures;

  std::string Serialize() const;  // compact JSON, standard base64
  // Untrusted input: size limit kMaxDocumentBytes, required fields, base64 (std or URL-safe).
  static Result<DsseEnvelope> Parse(std::string_view json);

  // kTooLarge (before signing) when the payload's base64 alone exceeds kMaxDocumentBytes.
  static Result<DsseEnvelope> Sign(std::string_view payload_type, std::string_view payload,
                                   const keys::Signer& signer);
  // Succeeds when at least one signature verifies under `trust` (material is what the
  // envelope's container supplied: empty for bare envelopes). Never uses keyid to decide.
  Result<keys::SignerIdentity> Verify(const keys::TrustPolicy& trust,
                                      const keys::VerificationMaterial& material) const;
  // As Verify, but the signatures are checked over `message` instead of the PAE (legacy_pae.h).
  Result<keys::SignerIdentity> VerifyOver(std::string_view message, const keys::TrustPolicy& trust,
                                          const keys::VerificationMaterial& material) const;
};

}  // namespace attestfs::attestation

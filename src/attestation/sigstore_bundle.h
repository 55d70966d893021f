// Sigstore bundle v0.3 holding a DSSE envelope, with public-key hint or X.509 chain
// verification material and no transparency-log entries (offline signing).
// Material is written as publicKey.hint (no chain), "certificate" (a lone leaf, v0.3) or
// x509CertificateChain (leaf + intermediates; Sign() then uses the v0.2 media type, since
// v0.3 forbids chains and @sigstore/bundle rejects them).
#pragma once

#include <string>
#include <string_view>

#include "attestation/dsse_envelope.h"
#include "attestation/media_types.h"
#include "base/result.h"
#include "keys/signer.h"

namespace attestfs::attestation {

struct SigstoreBundle {
  std::string media_type = std::string(kBundleMediaTypeV03);
  keys::VerificationMaterial material;
  DsseEnvelope envelope;

  std::string Serialize() const;
  // Accepts v0.3 and the legacy "...bundle+json;version=0.1|0.2|0.3" media types; requires a
  // DSSE envelope with exactly one signature (messageSignature bundles are refused).
  static Result<SigstoreBundle> Parse(std::string_view json);
  static Result<SigstoreBundle> Sign(std::string_view payload_type, std::string_view payload,
                                     const keys::Signer& signer);
  Result<keys::SignerIdentity> Verify(const keys::TrustPolicy& trust) const;
  // As Verify, over model_signing v0.2.0's legacy encoding (legacy_pae.h). Callers accept the
  // result only for that release's predicate.
  Result<keys::SignerIdentity> VerifyModelSigningV020(const keys::TrustPolicy& trust) const;
};

}  // namespace attestfs::attestation

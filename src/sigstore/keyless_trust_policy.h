// KeylessTrustPolicy: keys::TrustPolicy for Sigstore keyless signatures. The DSSE signature it is
// asked about must be the one of the Sigstore bundle the material came from (container_json);
// that bundle is then verified whole against the trusted root (certificate at the signing time,
// SCT, tlog entry, timestamps) and the expected identity, and the signer is its certificate.
#pragma once

#include <memory>

#include "base/clock.h"
#include "keys/trust_policy.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

class KeylessTrustPolicy final : public keys::TrustPolicy {
 public:
  // `clock` may be null (the system clock); it only bounds integrated times from the future.
  KeylessTrustPolicy(TrustedRoot root, CertificateIdentity identity,
                     std::shared_ptr<const Clock> clock = nullptr);
  Result<keys::SignerIdentity> VerifySignature(
      std::string_view message, std::string_view signature,
      const keys::VerificationMaterial& material) const override;
  // Verifies a whole Sigstore DSSE bundle (no outside message): who signed it, or why not.
  Result<keys::SignerIdentity> VerifyContainer(std::string_view container_json) const;
  std::string Describe() const;  // "keyless <identity> (issuer <issuer>)"

 private:
  TrustedRoot root_;
  CertificateIdentity identity_;
  std::shared_ptr<const Clock> clock_;
};

}  // namespace attestfs::sigstore

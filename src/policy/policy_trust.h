// PolicyTrust: the trust material a policy file implies — the union of its enabled
// signer-identity rules — so `attestfs verify TARGET --policy FILE` needs no --key.
#pragma once

#include <string_view>
#include <vector>

#include "keys/trust_policy.h"
#include "policy/signer_constraint.h"

namespace attestfs::policy {

class PolicyTrust final : public keys::TrustPolicy {
 public:
  explicit PolicyTrust(std::vector<SignerConstraint> constraints)
      : constraints_(std::move(constraints)) {}

  // Accepts the signature when any constraint verifies it; the first match names the signer.
  Result<keys::SignerIdentity> VerifySignature(
      std::string_view message, std::string_view signature,
      const keys::VerificationMaterial& material) const override;

 private:
  std::vector<SignerConstraint> constraints_;
};

}  // namespace attestfs::policy

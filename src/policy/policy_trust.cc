// PolicyTrust: tries every signer-identity constraint of the policy in order.
#include "policy/policy_trust.h"

namespace attestfs::policy {

Result<keys::SignerIdentity> PolicyTrust::VerifySignature(
    std::string_view message, std::string_view signature,
    const keys::VerificationMaterial& material) const {
  std::string reasons;
  for (const auto& c : constraints_) {
    auto id = c.VerifySignature(message, signature, material);
    if (id.ok()) return id;
    reasons += (reasons.empty() ? "" : "; ") + id.error().message();
  }
  if (constraints_.empty()) reasons = "the policy has no signer-identity rule";
  return Error(Errc::kVerificationFailed,
               "signature not accepted by the policy's signer-identity rules: " + reasons);
}

}  // namespace attestfs::policy

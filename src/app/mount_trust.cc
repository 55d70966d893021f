// Mount-time trust: spec -> trust policy, document selection, policy evaluation.
#include "app/mount_trust.h"

#include "base/clock.h"
#include "policy/evaluator.h"
#include "verify/policy_input.h"

namespace attestfs::app {

Result<MountTrust> LoadMountTrust(const MountSpec& spec) {
  MountTrust out;
  if (!spec.policy.empty()) {
    AFS_ASSIGN_OR_RETURN(auto loaded, policy::PolicyFile::Load(spec.policy));
    out.policy = std::move(loaded);
  }
  AFS_ASSIGN_OR_RETURN(out.trust,
                       BuildTrustPolicy(spec.trust, out.policy ? &*out.policy : nullptr));
  return out;
}

Result<verify::SelectedContent> SelectMountContent(const MountTrust& trust,
                                                   const std::vector<std::string>& docs,
                                                   const std::string& name,
                                                   const std::optional<digest::Digest>& artifact) {
  if (docs.empty()) return Error(Errc::kVerificationFailed, "no attestation found for " + name);
  auto selected =
      verify::SelectContentAttestation(docs, *trust.trust, /*require_full=*/true, artifact);
  if (!selected.ok()) return selected.error().Context(name);
  return selected;
}

Status EvaluateMountPolicy(const MountTrust& trust, const verify::SelectedContent& selected,
                           const std::string& name, MountReport* report) {
  if (!trust.policy) return OkStatus();
  SystemClock clock;
  policy::Decision decision = policy::Evaluate(
      *trust.policy, verify::PolicyInput(name, selected.content.subject_digest, selected.verified),
      clock);
  const bool ok = decision.ok;
  if (report != nullptr) report->decision = std::move(decision);
  if (!ok)
    return Error(Errc::kPolicyDenied, "policy " + trust.policy->path() + " denied the mount");
  return OkStatus();
}

}  // namespace attestfs::app

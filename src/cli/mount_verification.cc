// Mount-time trust: options -> trust policy, document selection, policy evaluation.
#include "cli/mount_verification.h"

#include <cstdio>

#include "base/clock.h"
#include "cli/trust_options.h"
#include "policy/evaluator.h"
#include "policy/report.h"
#include "verify/policy_input.h"

namespace attestfs::cli {

Result<MountTrust> LoadMountTrust(const fs::MountOptions& mo) {
  TrustFlags flags;
  size_t i = 0;
  while (i < mo.key.size()) {  // key=A:B:C
    size_t j = mo.key.find(':', i);
    if (j == std::string::npos) j = mo.key.size();
    if (j > i) flags.keys.push_back(mo.key.substr(i, j - i));
    i = j + 1;
  }
  flags.ca_roots = mo.ca_roots;
  flags.identity = mo.identity;
  MountTrust out;
  if (!mo.policy.empty()) {
    AFS_ASSIGN_OR_RETURN(auto loaded, policy::PolicyFile::Load(mo.policy));
    out.policy = std::move(loaded);
  }
  AFS_ASSIGN_OR_RETURN(out.trust,
                       TrustFromFlagsOrPolicy(flags, out.policy ? &*out.policy : nullptr));
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
                           const std::string& name) {
  if (!trust.policy) return OkStatus();
  SystemClock clock;
  policy::Decision decision = policy::Evaluate(
      *trust.policy, verify::PolicyInput(name, selected.content.subject_digest, selected.verified),
      clock);
  if (!decision.ok) {
    std::fprintf(stderr, "%s", policy::RenderText(decision).c_str());
    return Error(Errc::kPolicyDenied, "policy " + trust.policy->path() + " denied the mount");
  }
  return OkStatus();
}

}  // namespace attestfs::cli

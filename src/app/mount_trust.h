// The trust step every mount takes before anything is mounted (local and registry sources):
// trust material from the spec (keys, CA roots, identity, else the signer rules of its policy),
// the newest content attestation among candidate documents that verifies and carries a full
// chunk index, and the policy evaluated on the evidence that verified.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/mount_source.h"
#include "app/mount_spec.h"
#include "base/result.h"
#include "keys/trust_policy.h"
#include "policy/policy_file.h"
#include "verify/content_selection.h"

namespace attestfs::app {

struct MountTrust {
  std::unique_ptr<keys::TrustPolicy> trust;
  std::optional<policy::PolicyFile> policy;  // when the spec names one
};

// kUsage when the spec carries no trust material (and its policy has no signer rule).
Result<MountTrust> LoadMountTrust(const MountSpec& spec);

// `docs` newest first. kVerificationFailed (with every document's reason) when none verifies
// under the trust material and describes content with sizes and a chunk index. `artifact`: the
// registry manifest the mount shows (statements naming other manifests do not qualify).
Result<verify::SelectedContent> SelectMountContent(
    const MountTrust& trust, const std::vector<std::string>& docs, const std::string& name,
    const std::optional<digest::Digest>& artifact = std::nullopt);

// Evaluates the policy (when given) on what verified; the decision goes to `report`, and a
// denial is kPolicyDenied.
Status EvaluateMountPolicy(const MountTrust& trust, const verify::SelectedContent& selected,
                           const std::string& name, MountReport* report);

}  // namespace attestfs::app

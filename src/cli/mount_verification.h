// The trust step every mount takes before anything is mounted (local and registry sources):
// trust material from the mount options (key=, ca_roots=, identity=, else the signer rules of
// policy=), the newest content attestation among candidate documents that verifies and carries
// a full chunk index, and policy= evaluated on the evidence that verified.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "fuse/mount_options.h"
#include "keys/trust_policy.h"
#include "policy/policy_file.h"
#include "verify/content_selection.h"

namespace attestfs::cli {

struct MountTrust {
  std::unique_ptr<keys::TrustPolicy> trust;
  std::optional<policy::PolicyFile> policy;  // policy= when given
};

// kUsage when the options carry no trust material (and policy= has no signer rule).
Result<MountTrust> LoadMountTrust(const fs::MountOptions& options);

// `docs` newest first. kVerificationFailed (with every document's reason) when none verifies
// under the trust material and describes content with sizes and a chunk index. `artifact`: the
// registry manifest the mount shows (statements naming other manifests do not qualify).
Result<verify::SelectedContent> SelectMountContent(
    const MountTrust& trust, const std::vector<std::string>& docs, const std::string& name,
    const std::optional<digest::Digest>& artifact = std::nullopt);

// Evaluates policy= (when given) on what verified; prints the decision to stderr on a denial
// and returns kPolicyDenied.
Status EvaluateMountPolicy(const MountTrust& trust, const verify::SelectedContent& selected,
                           const std::string& name);

}  // namespace attestfs::cli

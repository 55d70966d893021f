// PolicyFile: a parsed, validated policy file (YAML; schema in attestfs-policy(5)).
// Loading resolves every argument — keys, CA roots, durations, globs, JSON pointers — so a
// policy that loads can always be evaluated; any problem is kUsage (exit 2) naming the file,
// line and key. Evaluation is in evaluator.h; outputs in report.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"
#include "policy/decision.h"
#include "policy/rule.h"

namespace attestfs::policy {

// Limit for a policy file read from disk (policies are hand-written; 1 MiB is generous).
inline constexpr uint64_t kMaxPolicyFileBytes = 1ull << 20;
inline constexpr size_t kMaxPoliciesPerFile = 256;
inline constexpr size_t kMaxRulesPerPolicy = 1024;

struct RuleSpec {
  std::string name;
  std::string uses;
  Level level = Level::kError;
  bool enabled = true;
  EvidenceFilter evidence;
  int line = 0;
  std::shared_ptr<const Rule> rule;  // shared: PolicyFile stays copyable
};

struct PolicySpec {
  std::string name;
  bool enabled = true;
  int line = 0;
  std::vector<RuleSpec> rules;
};

class PolicyFile {
 public:
  // Reads (size-limited) and parses `path`; relative paths inside resolve against its directory.
  static Result<PolicyFile> Load(const std::string& path);
  // Parses YAML text; `display_path` names the file in messages and in the Decision,
  // `base_dir` resolves relative paths ("" = the current directory).
  static Result<PolicyFile> Parse(std::string_view yaml_text, const std::string& display_path,
                                  const std::string& base_dir);

  const std::vector<PolicySpec>& policies() const { return policies_; }
  const std::string& path() const { return path_; }
  const std::string& digest() const { return digest_; }  // "sha256:<hex>" of the file bytes

  // True when some enabled signer-identity rule of an enabled policy exists.
  bool HasSignerIdentity() const;
  // The union of the enabled signer-identity rules as trust material (a PolicyTrust), for
  // `verify --policy FILE` without --key. kUsage when the policy has no such rule.
  Result<std::unique_ptr<keys::TrustPolicy>> TrustFromPolicy() const;

 private:
  std::string path_;
  std::string digest_;
  std::vector<PolicySpec> policies_;
};

}  // namespace attestfs::policy

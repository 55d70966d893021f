// Decision: the outcome of evaluating a policy file against a subject's evidence — one
// RuleResult per rule (pass / fail / warn / skip) with the evidence used and a reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::policy {

enum class Level { kError, kWarning };
enum class Outcome { kPass, kFail, kWarn, kSkip };

std::string_view LevelName(Level level);        // "error" | "warning"
std::string_view OutcomeName(Outcome outcome);  // "pass" | "fail" | "warn" | "skip"

struct RuleResult {
  std::string policy;  // policies[].name
  std::string rule;    // rules[].name
  std::string uses;    // the built-in rule id
  Level level = Level::kError;
  Outcome outcome = Outcome::kSkip;
  std::string evidence_digest;  // digest of the envelope/bundle the verdict rests on, may be empty
  std::string reason;           // names the offending value (license, path, signer, age)
  int line = 0;                 // line of the rule in the policy file (1-based), 0 if unknown
};

struct Decision {
  bool ok = true;  // no rule at error level failed
  std::vector<RuleResult> results;
  std::string policy_path;    // as given to PolicyFile::Load
  std::string policy_digest;  // "sha256:<hex>" of the policy file bytes
  std::string subject_name;
  std::string subject_digest;  // "sha256:<hex>" (or "<alg>:<hex>")
  int64_t evaluated_at = 0;    // unix seconds from the injected clock

  int CountOutcome(Outcome outcome) const;
  // OK when `ok`; else kPolicyDenied naming every failed rule and its reason (for the mount
  // and for callers that only need a verdict).
  Status ToStatus() const;
};

}  // namespace attestfs::policy

// Rule: one built-in check, configured from a policy file's `with:` block. The evaluator
// selects the evidence the rule reads (EvidenceFilter) and hands it over newest first;
// the rule says pass or fail, which evidence it rested on, and why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/evidence_item.h"

namespace attestfs::policy {

class SignerConstraint;

struct EvidenceFilter {
  // Accepted predicate types; empty = any. A type also matches "<type>/<suffix>"
  // (https://cyclonedx.org/bom matches https://cyclonedx.org/bom/v1.6).
  std::vector<std::string> predicate_types;
  bool signed_only = true;  // ignore evidence whose signature did not verify (monotonic)

  bool Accepts(const EvidenceItem& item) const;
  std::string Describe() const;  // "signed https://cyclonedx.org/bom evidence"
};

struct RuleVerdict {
  bool passed = false;
  std::string evidence_digest;
  std::string reason;
};

struct RuleEnv {
  const EvaluationInput* input = nullptr;
  int64_t now = 0;  // unix seconds
  const EvidenceFilter* filter = nullptr;
};

class Rule {
 public:
  virtual ~Rule() = default;
  // `evidence`: the items the filter accepted, newest first (by Statement::CreatedAt).
  virtual RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                            const RuleEnv& env) const = 0;
  // The signer-identity rule exposes its constraint so the policy can serve as trust.
  virtual const SignerConstraint* signer_constraint() const { return nullptr; }
  // Predicate types fixed by the rule's own arguments (required-evidence); empty = none.
  virtual std::vector<std::string> fixed_predicate_types() const { return {}; }
};

}  // namespace attestfs::policy

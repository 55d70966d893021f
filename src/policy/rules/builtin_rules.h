// The built-in rules: ids, default evidence, and factories that read a rule's `with:` block.
// Each factory validates every argument and loads files (keys, CA roots) at policy load time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "policy/policy_node.h"
#include "policy/rule.h"

namespace attestfs::policy {

// The rule ids in documentation order.
const std::vector<std::string_view>& BuiltinRuleIds();
bool IsBuiltinRule(std::string_view uses);
// Predicate types a rule reads when `evidence.predicate-type` is not given (empty = any).
std::vector<std::string> DefaultPredicateTypes(std::string_view uses);
// Builds the rule `uses` from its `with:` mapping (an empty one when absent).
Result<std::unique_ptr<Rule>> MakeBuiltinRule(std::string_view uses, const PolicyNode& with);

Result<std::unique_ptr<Rule>> MakeLicenseAllowlistRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeLicenseDenylistRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeSignerIdentityRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeRequiredEvidenceRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeMaxAgeRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeFileTypesRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeTraceRule(const PolicyNode& with);
Result<std::unique_ptr<Rule>> MakeRegoRule(const PolicyNode& with);

// "no signed https://cyclonedx.org/bom evidence for the subject"
std::string NoEvidenceReason(const RuleEnv& env);

}  // namespace attestfs::policy

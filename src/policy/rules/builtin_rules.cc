// Registry of built-in rules: id -> factory and default evidence.
#include "policy/rules/builtin_rules.h"

#include "attestation/statement.h"
#include "policy/runtime_trace.h"

namespace attestfs::policy {

const std::vector<std::string_view>& BuiltinRuleIds() {
  static const std::vector<std::string_view> kIds = {"license-allowlist",
                                                     "license-denylist",
                                                     "signer-identity",
                                                     "required-evidence",
                                                     "max-age",
                                                     "file-types",
                                                     "trace",
                                                     "rego"};
  return kIds;
}

bool IsBuiltinRule(std::string_view uses) {
  for (auto id : BuiltinRuleIds()) {
    if (id == uses) return true;
  }
  return false;
}

std::vector<std::string> DefaultPredicateTypes(std::string_view uses) {
  if (uses == "license-allowlist" || uses == "license-denylist") {
    return {std::string(attestation::kCycloneDxPredicate)};
  }
  if (uses == "file-types") {
    return {std::string(attestation::kCycloneDxPredicate),
            std::string(attestation::kModelSigningPredicate)};
  }
  if (uses == "trace") return {std::string(attestation::kRuntimeTracePredicate)};
  return {};
}

Result<std::unique_ptr<Rule>> MakeBuiltinRule(std::string_view uses, const PolicyNode& with) {
  if (uses == "license-allowlist") return MakeLicenseAllowlistRule(with);
  if (uses == "license-denylist") return MakeLicenseDenylistRule(with);
  if (uses == "signer-identity") return MakeSignerIdentityRule(with);
  if (uses == "required-evidence") return MakeRequiredEvidenceRule(with);
  if (uses == "max-age") return MakeMaxAgeRule(with);
  if (uses == "file-types") return MakeFileTypesRule(with);
  if (uses == "trace") return MakeTraceRule(with);
  if (uses == "rego") return MakeRegoRule(with);
  return Error(Errc::kUsage, "unknown rule '" + std::string(uses) + "'");
}

std::string NoEvidenceReason(const RuleEnv& env) {
  return "no " + (env.filter ? env.filter->Describe() : std::string("evidence")) +
         " for the subject";
}

}  // namespace attestfs::policy

// Renderers for a policy Decision: a human summary table, JSON, and SARIF 2.1.0 (one result
// per failed or warned rule, for CI systems). Pure functions of the Decision.
#pragma once

#include <string>
#include <string_view>

#include "policy/decision.h"

namespace attestfs::policy {

inline constexpr std::string_view kSarifVersion = "2.1.0";
inline constexpr std::string_view kSarifSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// Table: POLICY RULE USES LEVEL RESULT REASON, then "policy: PASSED|FAILED (...)".
std::string RenderText(const Decision& decision);
// {"passed", "policy": {path, digest}, "subject": {name, digest}, "evaluatedOn", "results": [...]}
std::string RenderJson(const Decision& decision);
// SARIF 2.1.0 log with one run; tool.driver.name "attestfs" with rules[] for every rule.
std::string RenderSarif(const Decision& decision, std::string_view tool_version);

}  // namespace attestfs::policy

// Evaluate: runs every rule of a policy file over a subject's evidence. Each rule sees only
// the evidence its filter accepts (by default only evidence whose signature verified, so
// ignoring unverifiable evidence can never turn a denial into an approval), newest first.
#pragma once

#include "base/clock.h"
#include "policy/decision.h"
#include "policy/evidence_item.h"
#include "policy/policy_file.h"

namespace attestfs::policy {

Decision Evaluate(const PolicyFile& policy, const EvaluationInput& input, const Clock& clock);

}  // namespace attestfs::policy

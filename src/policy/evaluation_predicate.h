// The "policy evaluation" predicate (attestation::kPolicyEvaluationPredicate): the signed record
// that a subject passed (or failed) a policy, so a later step can require it with required-evidence
// (where /passed equals true). Shape documented in attestfs-policy(5).
#pragma once

#include <string>
#include <string_view>

#include "attestation/statement.h"
#include "base/result.h"
#include "policy/decision.h"

namespace attestfs::policy {

// Predicate JSON: {"passed", "policy": {"uri", "digest": {"sha256"}}, "subject": {"name",
// "digest": {alg: hex}}, "evaluatedOn", "results": [{policy, rule, uses, level, outcome,
// evidence, reason}]}.
std::string BuildEvaluationPredicate(const Decision& decision);

// A Statement over the evaluated subject (digest "alg:hex" split into the DigestSet), with
// the creation annotation set to the evaluation time. kInvalidArgument on a bad digest.
Result<attestation::Statement> BuildEvaluationStatement(const Decision& decision);

}  // namespace attestfs::policy

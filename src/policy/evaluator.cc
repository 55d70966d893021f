// Evaluate: per rule, filter the evidence, order it newest first, run the rule, and map
// failures to fail (error level) or warn (warning level).
#include "policy/evaluator.h"

#include <algorithm>

namespace attestfs::policy {

Decision Evaluate(const PolicyFile& policy, const EvaluationInput& input, const Clock& clock) {
  Decision d;
  d.policy_path = policy.path();
  d.policy_digest = policy.digest();
  d.subject_name = input.subject_name;
  d.subject_digest = input.subject_digest;
  d.evaluated_at = clock.NowUnixSeconds();

  // Newest first; evidence without a creation time last; ties keep the caller's order.
  std::vector<const EvidenceItem*> ordered;
  for (const auto& item : input.evidence) ordered.push_back(&item);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const EvidenceItem* a, const EvidenceItem* b) {
                     const auto ta = a->statement.CreatedAt(), tb = b->statement.CreatedAt();
                     if (ta.has_value() != tb.has_value()) return ta.has_value();
                     return ta.has_value() && *ta > *tb;
                   });

  for (const auto& p : policy.policies()) {
    for (const auto& r : p.rules) {
      RuleResult res;
      res.policy = p.name;
      res.rule = r.name;
      res.uses = r.uses;
      res.level = r.level;
      res.line = r.line;
      if (!p.enabled || !r.enabled) {
        res.outcome = Outcome::kSkip;
        res.reason = !p.enabled ? "policy disabled" : "rule disabled";
        d.results.push_back(std::move(res));
        continue;
      }
      std::vector<const EvidenceItem*> selected;
      for (const EvidenceItem* item : ordered) {
        if (r.evidence.Accepts(*item)) selected.push_back(item);
      }
      RuleEnv env;
      env.input = &input;
      env.now = d.evaluated_at;
      env.filter = &r.evidence;
      RuleVerdict v = r.rule->Check(selected, env);
      res.evidence_digest = std::move(v.evidence_digest);
      res.reason = std::move(v.reason);
      if (v.passed) {
        res.outcome = Outcome::kPass;
      } else if (r.level == Level::kWarning) {
        res.outcome = Outcome::kWarn;
      } else {
        res.outcome = Outcome::kFail;
        d.ok = false;
      }
      d.results.push_back(std::move(res));
    }
  }
  return d;
}

}  // namespace attestfs::policy

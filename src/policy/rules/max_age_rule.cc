// max-age: the newest evidence the rule reads was created (signed creation time,
// Statement::CreatedAt) no longer than `max` ago. Evidence without a time fails; so does a
// creation time more than kMaxClockSkew in the future.
#include "base/clock.h"
#include "policy/duration.h"
#include "policy/rules/builtin_rules.h"

namespace attestfs::policy {

namespace {

constexpr int64_t kMaxClockSkewSeconds = 300;

class MaxAgeRule final : public Rule {
 public:
  MaxAgeRule(int64_t max_seconds, std::string max_text)
      : max_(max_seconds), max_text_(std::move(max_text)) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    const EvidenceItem& item = *evidence.front();  // newest first; undated items sort last
    v.evidence_digest = item.digest;
    const auto created = item.statement.CreatedAt();
    if (!created) {
      v.reason = "evidence " + item.digest + " (" + item.statement.predicate_type +
                 ") has no signed creation time";
      return v;
    }
    const int64_t age = env.now - *created;
    if (age < -kMaxClockSkewSeconds) {
      v.reason = "evidence created in the future (" + FormatRfc3339(*created) + ")";
      return v;
    }
    if (age > max_) {
      v.reason = "newest evidence is " + FormatDuration(age) + " old (created " +
                 FormatRfc3339(*created) + "), max " + max_text_;
      return v;
    }
    v.passed = true;
    v.reason = "created " + FormatRfc3339(*created) + ", " + FormatDuration(age < 0 ? 0 : age) +
               " old (max " + max_text_ + ")";
    return v;
  }

 private:
  int64_t max_;
  std::string max_text_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeMaxAgeRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"max"}));
  AFS_ASSIGN_OR_RETURN(auto text, with.RequiredString("max"));
  const auto seconds = ParseDuration(text);
  if (!seconds) {
    return with.ErrorAt("max",
                        "'" + text + "' is not a duration (use e.g. 90d, 12h, 30m, 2w, 45s)");
  }
  return std::unique_ptr<Rule>(new MaxAgeRule(*seconds, text));
}

}  // namespace attestfs::policy

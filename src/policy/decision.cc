// Names for levels and outcomes, and Decision helpers.
#include "policy/decision.h"

namespace attestfs::policy {

std::string_view LevelName(Level level) { return level == Level::kError ? "error" : "warning"; }

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kWarn:
      return "warn";
    case Outcome::kSkip:
      return "skip";
  }
  return "skip";
}

int Decision::CountOutcome(Outcome outcome) const {
  int n = 0;
  for (const auto& r : results) n += r.outcome == outcome ? 1 : 0;
  return n;
}

Status Decision::ToStatus() const {
  if (ok) return OkStatus();
  std::string msg = "policy " + policy_path + " denied " + subject_name + ":";
  for (const auto& r : results) {
    if (r.outcome != Outcome::kFail) continue;
    msg += " rule " + r.policy + "/" + r.rule + " (" + r.uses + ") failed: " + r.reason + ";";
  }
  msg.pop_back();
  return Error(Errc::kPolicyDenied, msg);
}

}  // namespace attestfs::policy

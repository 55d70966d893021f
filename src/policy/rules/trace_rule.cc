// trace: every runtime-trace evidence for the subject (the mount's access log) shows only
// the allowed commands and uids using the model, and only files matching `files` opened.
// Unlike the single-document rules, every applicable trace is checked: one bad session fails.
#include "policy/glob.h"
#include "policy/rules/builtin_rules.h"
#include "policy/runtime_trace.h"

namespace attestfs::policy {

namespace {

// "/usr/bin/python3 serve.py" -> "python3".
std::string ExecutableName(const std::string& command) {
  std::string first = command.substr(0, command.find_first_of(" \t"));
  const size_t slash = first.rfind('/');
  return slash == std::string::npos ? first : first.substr(slash + 1);
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

class TraceRule final : public Rule {
 public:
  TraceRule(std::vector<std::string> commands, std::vector<int64_t> uids,
            std::vector<std::string> files)
      : commands_(std::move(commands)), uids_(std::move(uids)), files_(std::move(files)) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    size_t accesses = 0;
    for (const EvidenceItem* item : evidence) {
      v.evidence_digest = item->digest;
      auto trace = RuntimeTrace::Parse(item->statement.predicate_json);
      if (!trace.ok()) {
        v.reason = "evidence " + item->digest + ": " + trace.error().message();
        return v;
      }
      for (const auto& p : trace->processes) {
        if (std::string why = Who(p.command, p.pid, p.uid); !why.empty()) {
          v.reason = why;
          return v;
        }
      }
      for (const auto& a : trace->accesses) {
        if (std::string why = Who(a.command, a.pid, a.uid); !why.empty()) {
          v.reason = why + " (opened '" + a.path + "')";
          return v;
        }
        if (!files_.empty() && !AnyGlobMatches(files_, a.path, true)) {
          v.reason = "'" + a.command + "' (pid " + std::to_string(a.pid) + ", uid " +
                     std::to_string(a.uid) + ") opened '" + a.path + "', which matches none of " +
                     Join(files_);
          return v;
        }
        ++accesses;
      }
    }
    v.passed = true;
    v.evidence_digest = evidence.front()->digest;
    v.reason = std::to_string(evidence.size()) + " trace(s), " + std::to_string(accesses) +
               " file accesses, all expected";
    return v;
  }

 private:
  std::string Who(const std::string& command, int64_t pid, int64_t uid) const {
    const std::string who = "process '" + command + "' (pid " + std::to_string(pid) + ", uid " +
                            std::to_string(uid) + ")";
    if (!commands_.empty() && !AnyGlobMatches(commands_, ExecutableName(command), false) &&
        !AnyGlobMatches(commands_, command, false)) {
      return who + " is not one of the allowed commands " + Join(commands_);
    }
    if (!uids_.empty()) {
      bool ok = false;
      for (int64_t u : uids_) ok = ok || u == uid;
      if (!ok) {
        std::vector<std::string> list;
        for (int64_t u : uids_) list.push_back(std::to_string(u));
        return who + " runs as a uid not in " + Join(list);
      }
    }
    return {};
  }

  std::vector<std::string> commands_;
  std::vector<int64_t> uids_;
  std::vector<std::string> files_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeTraceRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"commands", "uids", "files"}));
  AFS_ASSIGN_OR_RETURN(auto commands, with.StringList("commands", false));
  AFS_ASSIGN_OR_RETURN(auto uids, with.IntList("uids"));
  AFS_ASSIGN_OR_RETURN(auto files, with.StringList("files", false));
  if (commands.empty() && uids.empty() && files.empty()) {
    return with.ErrorAt("commands", "required: at least one of 'commands', 'uids', 'files'");
  }
  return std::unique_ptr<Rule>(
      new TraceRule(std::move(commands), std::move(uids), std::move(files)));
}

}  // namespace attestfs::policy

// rego: a rule written in Rego. `with:` names the module(s), the rule's args (input.config.args),
// the syntax (rego-version: v0|v1), an optional package (default: the first module's) and a
// time limit. The modules are parsed and compiled when the policy loads (errors name
// file:row:col and OPA's code); each check evaluates them on a fresh engine over the newest
// selected evidence (input contract in policy/rego_input.h, result contracts in
// policy/rego_verdict.h). An evaluation error or a limit hit fails the rule.
#include <algorithm>

#include "policy/duration.h"
#include "policy/rego_input.h"
#include "policy/rego_program.h"
#include "policy/rego_verdict.h"
#include "policy/rules/builtin_rules.h"

namespace attestfs::policy {

namespace {

constexpr size_t kMaxReasonLines = 20;
constexpr int64_t kDefaultTimeoutMs = 5000;

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  size_t n = std::min(lines.size(), kMaxReasonLines);
  for (size_t i = 0; i < n; ++i) {
    if (i) out += "; ";
    out += lines[i];
  }
  if (lines.size() > n) out += "; and " + std::to_string(lines.size() - n) + " more";
  return out;
}

class RegoRule final : public Rule {
 public:
  RegoRule(RegoProgram program, std::string package, rego::Value args, int64_t timeout_ms)
      : program_(std::move(program)),
        package_(std::move(package)),
        args_(std::move(args)),
        timeout_ms_(timeout_ms) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    const EvidenceItem* selected = evidence.front();
    v.evidence_digest = selected->digest;
    auto input = BuildRegoInput(*env.input, selected, args_);
    if (!input.ok()) {
      v.reason = "Rego input: " + input.error().message();
      return v;
    }
    rego::EngineOptions options;
    options.timeout_ms = timeout_ms_ > 0                  ? timeout_ms_
                         : env.input->rego_timeout_ms > 0 ? env.input->rego_timeout_ms
                                                          : kDefaultTimeoutMs;
    options.now_ns = env.now * 1'000'000'000LL;
    auto engine = program_.Instantiate(std::move(options));
    if (!engine.ok()) {
      v.reason = engine.error().message();
      return v;
    }
    (*engine)->SetInput(std::move(*input));
    auto verdict = ReadRegoVerdict(**engine, package_);
    if (!verdict.ok()) {
      v.reason = "Rego policy data." + package_ + ": " + verdict.error().message();
      return v;
    }
    v.passed = verdict->allow;
    if (v.passed) {
      std::vector<std::string> lines = verdict->reasons;
      for (const auto& w : verdict->warnings) lines.push_back("warning: " + w);
      v.reason = lines.empty() ? "allowed by data." + package_ + " (" + verdict->contract + ")"
                               : JoinLines(lines);
    } else {
      std::vector<std::string> lines = verdict->reasons;  // valint's summary first
      lines.insert(lines.end(), verdict->violations.begin(), verdict->violations.end());
      v.reason = lines.empty() ? "denied by data." + package_ + " (" + verdict->contract + ")"
                               : JoinLines(lines);
    }
    return v;
  }

 private:
  RegoProgram program_;
  std::string package_;
  rego::Value args_;
  int64_t timeout_ms_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeRegoRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"module", "modules", "args", "rego-version", "package", "timeout"}));
  AFS_ASSIGN_OR_RETURN(auto one, with.String("module"));
  AFS_ASSIGN_OR_RETURN(auto many, with.StringList("modules", false));
  if (one) many.insert(many.begin(), *one);
  if (many.empty())
    return with.ErrorAt("module", "a rego rule needs `module: FILE.rego` or `modules: [...]`");
  for (auto& m : many) m = with.ResolvePath(m);
  AFS_ASSIGN_OR_RETURN(auto version_text, with.Enum("rego-version", {"v0", "v1"}, "v1"));
  const auto version = version_text == "v0" ? rego::RegoVersion::kV0 : rego::RegoVersion::kV1;
  int64_t timeout_ms = 0;  // the caller's --policy-timeout, else kDefaultTimeoutMs
  AFS_ASSIGN_OR_RETURN(auto timeout, with.String("timeout"));
  if (timeout) {
    auto seconds = ParseDuration(*timeout);
    if (!seconds || *seconds <= 0) {
      return with.ErrorAt("timeout", "'" + *timeout + "' is not a duration (e.g. 5s)");
    }
    timeout_ms = *seconds * 1000;
  }
  auto program = RegoProgram::Load(many, version);
  if (!program.ok()) return with.ErrorAt("module", program.error().message());
  AFS_ASSIGN_OR_RETURN(auto package, with.String("package"));
  std::string pkg = package ? *package : program->FirstPackage();
  if (pkg.empty()) return with.ErrorAt("module", "no module declares a package");
  if (pkg.rfind("data.", 0) == 0) pkg = pkg.substr(5);
  rego::Value args = rego::Value::FromObject({});
  if (with.Has("args")) {
    AFS_ASSIGN_OR_RETURN(auto json, with.ValueAsJson("args"));
    auto parsed = rego::Value::ParseJson(json);
    if (!parsed.ok()) return with.ErrorAt("args", parsed.error().message());
    args = std::move(*parsed);
  }
  // Compile once now so a broken module fails the policy load, not every check.
  auto engine = program->Instantiate({});
  if (!engine.ok()) return with.ErrorAt("module", engine.error().message());
  return std::unique_ptr<Rule>(new RegoRule(std::move(*program), pkg, std::move(args), timeout_ms));
}

}  // namespace attestfs::policy

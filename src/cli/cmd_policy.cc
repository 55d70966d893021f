// `attestfs policy eval [--data FILE|DIR]... [--input FILE] [--rego-version v0|v1]
//  [--format json|pretty] QUERY` (like `opa eval`) and `attestfs policy test PATH...`
// (like `opa test`). Parse and compile errors exit 2 with file:row:col and OPA's error code;
// evaluation errors exit 1; `policy test` exits 1 when a test fails or errors.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "policy/duration.h"
#include "policy/rego_program.h"
#include "policy/rego_test_runner.h"

namespace attestfs::cli {
namespace {

constexpr uint64_t kMaxInputBytes = 256ull << 20;

struct PolicyEvalOptions {
  std::vector<std::string> data;
  std::string input;
  std::string rego_version = "v1";
  bool v0_compatible = false;
  std::string format = "json";
  std::string timeout = "5s";
  bool strict_builtin_errors = false;
  bool fail_undefined = false;
  bool fail_defined = false;
  std::string query;
};

struct PolicyTestOptions {
  std::vector<std::string> paths;
  std::string rego_version = "v1";
  bool v0_compatible = false;
  std::string format = "pretty";
  std::string run;
  std::string timeout = "5s";
  bool verbose = false;
};

Result<rego::RegoVersion> Version(const std::string& text, bool v0_compatible) {
  if (v0_compatible || text == "v0") return rego::RegoVersion::kV0;
  if (text == "v1") return rego::RegoVersion::kV1;
  return Error(Errc::kUsage, "--rego-version must be v0 or v1, not '" + text + "'");
}

Result<int64_t> TimeoutMs(const std::string& text) {
  auto s = policy::ParseDuration(text);
  if (!s || *s <= 0)
    return Error(Errc::kUsage, "--timeout '" + text + "' is not a duration (e.g. 5s)");
  return *s * 1000;
}

Result<std::string> ReadStdinLimited(uint64_t max_bytes) {
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    out.append(buf, n);
    if (out.size() > max_bytes) {
      return Error(Errc::kTooLarge, "stdin is over " + std::to_string(max_bytes) + " bytes");
    }
  }
  if (std::ferror(stdin)) return Error(Errc::kIo, "read stdin failed");
  return out;
}

nlohmann::json ToJson(const rego::Value& v) { return nlohmann::json::parse(v.ToJson()); }

Result<policy::RegoProgram> LoadProgram(const std::vector<std::string>& paths,
                                        rego::RegoVersion version) {
  AFS_ASSIGN_OR_RETURN(auto files, policy::RegoProgram::ExpandPaths(paths));
  return policy::RegoProgram::Load(files, version);
}

int RunEval(const PolicyEvalOptions& o) {
  auto version = Version(o.rego_version, o.v0_compatible);
  if (!version.ok()) return Fail(version.error());
  auto timeout = TimeoutMs(o.timeout);
  if (!timeout.ok()) return Fail(timeout.error());
  if (o.format != "json" && o.format != "pretty") {
    return Fail(Errc::kUsage, "--format must be json or pretty");
  }
  auto program = LoadProgram(o.data, *version);
  if (!program.ok()) return Fail(program.error());
  rego::EngineOptions eo;
  eo.timeout_ms = *timeout;
  eo.strict_builtin_errors = o.strict_builtin_errors;
  eo.print = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto engine = program->Instantiate(std::move(eo));
  if (!engine.ok()) return Fail(engine.error());
  if (!o.input.empty()) {
    auto text = o.input == "-" ? ReadStdinLimited(kMaxInputBytes)
                               : ReadFileLimited(o.input, kMaxInputBytes);
    if (!text.ok()) return Fail(text.error().Context("read --input"));
    auto input = rego::Value::ParseJson(*text);
    if (!input.ok())
      return Fail(Errc::kUsage, "--input " + o.input + ": " + input.error().message());
    (*engine)->SetInput(std::move(*input));
  }
  auto result = (*engine)->Query(o.query);
  if (!result.ok()) return Fail(result.error());
  try {
    if (o.format == "json") {
      nlohmann::json out = nlohmann::json::object();
      if (!result->rows.empty()) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : result->rows) {
          nlohmann::json r;
          nlohmann::json exprs = nlohmann::json::array();
          for (const auto& e : row.expressions) {
            exprs.push_back({{"value", ToJson(e.value)},
                             {"text", e.text},
                             {"location", {{"row", e.row}, {"col", e.col}}}});
          }
          r["expressions"] = exprs;
          if (!row.bindings.empty()) {
            nlohmann::json b = nlohmann::json::object();
            for (const auto& [name, value] : row.bindings) b[name] = ToJson(value);
            r["bindings"] = b;
          }
          rows.push_back(r);
        }
        out["result"] = rows;
      }
      std::printf("%s\n", out.dump(2).c_str());
    } else if (result->rows.empty()) {
      std::printf("undefined\n");
    } else {
      for (const auto& row : result->rows) {
        if (row.bindings.empty()) {
          for (const auto& e : row.expressions)
            std::printf("%s\n", ToJson(e.value).dump(2).c_str());
        } else {
          for (const auto& [name, value] : row.bindings) {
            std::printf("%s = %s\n", name.c_str(), ToJson(value).dump().c_str());
          }
        }
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Fail(Errc::kInternal, std::string("render result: ") + e.what());
  }
  if (o.fail_undefined && result->rows.empty()) return kExitVerifyFailed;
  if (o.fail_defined && !result->rows.empty()) return kExitVerifyFailed;
  return kExitOk;
}

const char* OutcomeText(policy::RegoTestResult::Outcome o) {
  switch (o) {
    case policy::RegoTestResult::Outcome::kPass:
      return "PASS";
    case policy::RegoTestResult::Outcome::kFail:
      return "FAIL";
    case policy::RegoTestResult::Outcome::kError:
      return "ERROR";
    case policy::RegoTestResult::Outcome::kSkip:
      return "SKIPPED";
  }
  return "FAIL";
}

int RunTest(const PolicyTestOptions& o) {
  auto version = Version(o.rego_version, o.v0_compatible);
  if (!version.ok()) return Fail(version.error());
  auto timeout = TimeoutMs(o.timeout);
  if (!timeout.ok()) return Fail(timeout.error());
  auto program = LoadProgram(o.paths, *version);
  if (!program.ok()) return Fail(program.error());
  policy::RegoTestOptions to;
  to.run_filter = o.run;
  to.timeout_ms = *timeout;
  auto results = policy::RunRegoTests(*program, to);
  if (!results.ok()) return Fail(results.error());
  size_t pass = 0, fail = 0, skip = 0;
  for (const auto& r : *results) {
    if (r.outcome == policy::RegoTestResult::Outcome::kPass) ++pass;
    if (r.outcome == policy::RegoTestResult::Outcome::kSkip) ++skip;
    if (r.outcome == policy::RegoTestResult::Outcome::kFail ||
        r.outcome == policy::RegoTestResult::Outcome::kError)
      ++fail;
  }
  if (o.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : *results) {
      nlohmann::json j = {
          {"name", r.name}, {"result", OutcomeText(r.outcome)}, {"duration_us", r.duration_us}};
      if (!r.message.empty()) j["message"] = r.message;
      arr.push_back(j);
    }
    std::printf("%s\n", arr.dump(2).c_str());
  } else {
    for (const auto& r : *results) {
      const bool show = o.verbose || r.outcome == policy::RegoTestResult::Outcome::kFail ||
                        r.outcome == policy::RegoTestResult::Outcome::kError;
      if (!show) continue;
      std::printf("%s: %s (%.3fms)%s%s\n", r.name.c_str(), OutcomeText(r.outcome),
                  static_cast<double>(r.duration_us) / 1000.0, r.message.empty() ? "" : ": ",
                  r.message.c_str());
    }
    const size_t total = results->size();
    if (total == 0) {
      std::printf("no tests found\n");
    } else {
      std::printf(
          "--------------------------------------------------------------------------------\n");
      if (pass) std::printf("PASS: %zu/%zu\n", pass, total);
      if (fail) std::printf("FAIL: %zu/%zu\n", fail, total);
      if (skip) std::printf("SKIPPED: %zu/%zu\n", skip, total);
    }
  }
  if (results->empty()) return kExitVerifyFailed;
  return fail ? kExitVerifyFailed : kExitOk;
}

}  // namespace

void RegisterPolicy(CLI::App& app, int* rc) {
  auto* policy = app.add_subcommand("policy", "evaluate and test Rego policies");
  policy->require_subcommand(1);

  auto e = std::make_shared<PolicyEvalOptions>();
  auto* eval = policy->add_subcommand("eval", "evaluate a Rego query (like opa eval)");
  eval->add_option("-d,--data", e->data, "Rego module, JSON document or directory (repeatable)");
  eval->add_option("-i,--input", e->input, "input document (JSON; - for stdin)");
  eval->add_option("--rego-version", e->rego_version, "syntax of the modules: v0 or v1 (default)");
  eval->add_flag("--v0-compatible", e->v0_compatible, "same as --rego-version v0");
  eval->add_option("-f,--format", e->format, "json (opa eval's shape, default) or pretty");
  eval->add_option("--timeout", e->timeout, "evaluation time limit (default 5s)");
  eval->add_flag("--strict-builtin-errors", e->strict_builtin_errors,
                 "builtin errors stop evaluation instead of leaving the expression undefined");
  eval->add_flag("--fail", e->fail_undefined, "exit 1 when the result is undefined");
  eval->add_flag("--fail-defined", e->fail_defined, "exit 1 when the result is defined");
  eval->add_option("query", e->query, "a Rego query, e.g. data.verify.verify")->required();
  eval->callback([e, rc] { *rc = RunEval(*e); });

  auto t = std::make_shared<PolicyTestOptions>();
  auto* test =
      policy->add_subcommand("test", "run the test_* rules of Rego modules (like opa test)");
  test->add_option("paths", t->paths, "Rego modules, JSON documents or directories")->required();
  test->add_option("--rego-version", t->rego_version, "syntax of the modules: v0 or v1 (default)");
  test->add_flag("--v0-compatible", t->v0_compatible, "same as --rego-version v0");
  test->add_option("-f,--format", t->format, "pretty (default) or json");
  test->add_option("-r,--run", t->run, "run only tests whose name contains this text");
  test->add_option("--timeout", t->timeout, "time limit per test (default 5s)");
  test->add_flag("-v,--verbose", t->verbose, "list every test, not only failures");
  test->callback([t, rc] { *rc = RunTest(*t); });
}

}  // namespace attestfs::cli

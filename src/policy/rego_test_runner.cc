// RegoTestRunner: discovers and runs test_* rules (see rego_test_runner.h).
#include "policy/rego_test_runner.h"

#include <chrono>

namespace attestfs::policy {

namespace {

std::string LastSegment(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

Result<std::vector<RegoTestResult>> RunRegoTests(const RegoProgram& program,
                                                 const RegoTestOptions& options) {
  AFS_ASSIGN_OR_RETURN(auto probe, program.Instantiate({}));
  std::vector<RegoTestResult> results;
  for (const auto& name : probe->RuleNames()) {
    const std::string leaf = LastSegment(name);
    const bool todo = leaf.rfind("todo_test_", 0) == 0;
    if (leaf.rfind("test_", 0) != 0 && !todo) continue;
    if (!options.run_filter.empty() && name.find(options.run_filter) == std::string::npos) {
      continue;
    }
    RegoTestResult r;
    r.name = name;
    if (todo) {
      r.outcome = RegoTestResult::Outcome::kSkip;
      results.push_back(std::move(r));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    rego::EngineOptions eo;
    eo.timeout_ms = options.timeout_ms;
    auto engine = program.Instantiate(std::move(eo));
    if (!engine.ok()) return engine.error();
    auto value = (*engine)->EvalRef(name);
    r.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    if (!value.ok()) {
      r.outcome = RegoTestResult::Outcome::kError;
      r.message = value.error().message();
    } else if (!value->has_value()) {
      r.outcome = RegoTestResult::Outcome::kFail;
      r.message = "undefined";
    } else if ((*value)->is_bool() && !(*value)->boolean()) {
      r.outcome = RegoTestResult::Outcome::kFail;
      r.message = "false";
    } else {
      r.outcome = RegoTestResult::Outcome::kPass;
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace attestfs::policy

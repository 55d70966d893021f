// RegoTestRunner: `attestfs policy test`, as `opa test` runs tests: every rule whose name starts
// with test_ is evaluated (with its own `with` mocks); it passes when it is defined and not
// false. Rules named todo_test_* are reported as skipped. Each test gets a fresh engine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "policy/rego_program.h"

namespace attestfs::policy {

struct RegoTestResult {
  enum class Outcome { kPass, kFail, kError, kSkip };
  std::string name;  // data.pkg.test_x
  Outcome outcome = Outcome::kFail;
  std::string message;  // error text, or "undefined" / "false"
  int64_t duration_us = 0;
};

struct RegoTestOptions {
  std::string run_filter;  // substring of the test name ("" = all)
  int64_t timeout_ms = 5000;
};

// Compile errors are returned as errors (exit 2); test failures are results.
Result<std::vector<RegoTestResult>> RunRegoTests(const RegoProgram& program,
                                                 const RegoTestOptions& options);

}  // namespace attestfs::policy

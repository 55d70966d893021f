// Engine: the public face of the Rego evaluator. Load modules (v0 or v1 syntax) and JSON base
// documents, compile once, then evaluate queries against an input. Evaluation is offline and
// bounded (time, recursion depth, output size); hitting a limit is an error, never a result.
//
// Errors are attestfs Errors whose message is OPA's text: "file:row:col: code: message" for
// parse/compile errors (e.g. "policy.rego:3:5: rego_parse_error: unexpected }") and, as OPA
// prints them, "file:row: code: message" for evaluation errors; the Errc says when it happened:
// kInvalidArgument for parse/compile errors (rego_parse_error, rego_compile_error,
// rego_type_error, rego_unsafe_var_error, rego_recursion_error), kMalformed for evaluation
// errors (eval_conflict_error, eval_type_error, eval_builtin_error), kTimeout when the deadline
// passed, kTooLarge when an output or depth limit was hit. RegoErrorCode() extracts the code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "rego/builtin_registry.h"
#include "rego/value.h"

namespace attestfs::rego {

enum class RegoVersion { kV0, kV1 };

struct EngineOptions {
  RegoVersion default_version = RegoVersion::kV1;  // modules may still say `import rego.v1`
  int64_t timeout_ms = 5000;                       // per query; <= 0 = none
  int max_depth = 1000;                            // nested rule/function calls + comprehensions
  size_t max_output_bytes = 64u << 20;             // JSON size of one result set
  bool strict_builtin_errors = false;              // builtin errors raise instead of undefined
  std::optional<int64_t> now_ns;                   // time.now_ns(); default: wall clock per query
  std::function<void(const std::string&)> print;   // print() output; default: discarded
  // Builtins added to the standard set (or replacing one of the same name), e.g. attestfs's
  // scribe.get_asset_data; registered before modules are compiled.
  std::vector<BuiltinDef> extra_builtins;
};

// One row of a query's result set.
struct QueryRow {
  struct Expression {
    Value value;
    std::string text;  // the expression's source text, as `opa eval` prints it
    int row = 1;
    int col = 1;
  };
  std::vector<Expression> expressions;
  std::vector<std::pair<std::string, Value>> bindings;  // user variables only, sorted by name
};

struct QueryResult {
  std::vector<QueryRow> rows;  // empty = undefined
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Adds a module; `filename` appears in error locations. `version` overrides the default.
  Status AddModule(std::string filename, std::string source,
                   std::optional<RegoVersion> version = std::nullopt);
  // Merges a JSON object into the base document at `path` ("" = root, "a.b" = data.a.b).
  Status AddData(const Value& document, std::string_view path = "");
  // Parses, merges packages, checks safety/recursion and orders bodies. Idempotent; AddModule
  // and AddData after Compile need another Compile.
  Status Compile();

  void SetInput(Value input);
  void ClearInput();

  // Evaluates a query body ("data.test.p = x", "x := data.a; y := x[_]", with modifiers).
  Result<QueryResult> Query(std::string_view query);
  // Evaluates one document by reference ("data.verify.verify"); nullopt = undefined.
  Result<std::optional<Value>> EvalRef(std::string_view ref);

  // Fully qualified names of every rule defined by the modules ("data.pkg.test_allow"),
  // sorted, each once; used by `policy test` to find test_* rules.
  std::vector<std::string> RuleNames() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "rego_parse_error", "eval_conflict_error", ... from an Engine error message; "" when none.
std::string RegoErrorCode(const Error& error);

}  // namespace attestfs::rego

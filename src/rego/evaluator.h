// Evaluator: runs a compiled query over a Program, the base document and an input, by
// backtracking unification in continuation-passing style. Complete and partial rules are
// materialised once per query (memoised; `with` evaluates under a fresh memo), conflicts are
// eval_conflict_error, builtin errors raise only in strict mode, and time, depth and output
// size are bounded.
#pragma once

#include <optional>

#include "base/result.h"
#include "rego/builtin_context.h"
#include "rego/builtin_registry.h"
#include "rego/compiler.h"
#include "rego/engine.h"

namespace attestfs::rego {

struct EvalEnv {
  const Program* program = nullptr;
  const BuiltinRegistry* builtins = nullptr;
  const Value* data = nullptr;
  const Value* input = nullptr;  // nullptr = no input
  const EngineOptions* options = nullptr;
  BuiltinContext* ctx = nullptr;
};

Result<QueryResult> Evaluate(const EvalEnv& env, const CompiledQuery& query);

}  // namespace attestfs::rego

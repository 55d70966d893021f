// BuiltinContext: what a builtin may see of the evaluation it runs in: the fixed clock of this
// evaluation (time.now_ns returns the same value throughout one query), the print sink, a memo
// for expensive per-evaluation state (compiled regular expressions), and the deadline check.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace attestfs::rego {

struct BuiltinContext {
  int64_t now_ns = 0;                             // fixed per evaluation
  std::function<void(const std::string&)> print;  // print(); may be empty (output discarded)
  // Memo slots keyed by the builtin's own key ("re2:<pattern>"); lives for one Engine.
  std::unordered_map<std::string, std::shared_ptr<void>>* memo = nullptr;
  // True when the evaluation's deadline has passed; long builtins (walk, numbers.range,
  // regex over huge inputs) check it and return BuiltinResult::Halt("eval_cancel_error", ...).
  std::function<bool()> cancelled;
  // Upper bound on the size of a value a builtin may build (numbers.range, strings.repeat...).
  size_t max_output_elements = 10'000'000;
};

}  // namespace attestfs::rego

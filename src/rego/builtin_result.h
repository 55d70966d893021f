// BuiltinResult: what a builtin function returns: a value, undefined (OPA leaves the expression
// undefined, e.g. to_number("x") in non-strict mode is an error but object.get never is), or an
// error with OPA's code (eval_type_error for operand types, eval_builtin_error otherwise).
#pragma once

#include <string>
#include <utility>

#include "rego/value.h"

namespace attestfs::rego {

class BuiltinResult {
 public:
  enum class State { kValue, kUndefined, kError };

  BuiltinResult(Value v) : state_(State::kValue), value_(std::move(v)) {}  // NOLINT: implicit

  static BuiltinResult Undefined() { return BuiltinResult(State::kUndefined, "", ""); }
  // `message` is OPA's text after the code, including the builtin name:
  // "strings.any_prefix_match: operand 1 must be array of strings but got array containing number"
  static BuiltinResult TypeError(std::string message) {
    return BuiltinResult(State::kError, "eval_type_error", std::move(message));
  }
  static BuiltinResult Error(std::string message) {
    return BuiltinResult(State::kError, "eval_builtin_error", std::move(message));
  }
  // Errors that stop evaluation even without strict builtin errors (limits, refused builtins).
  static BuiltinResult Halt(std::string code, std::string message) {
    BuiltinResult r(State::kError, std::move(code), std::move(message));
    r.halt_ = true;
    return r;
  }

  State state() const { return state_; }
  bool has_value() const { return state_ == State::kValue; }
  const Value& value() const { return value_; }
  Value& value() { return value_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  bool halt() const { return halt_; }

 private:
  BuiltinResult(State s, std::string code, std::string message)
      : state_(s), code_(std::move(code)), message_(std::move(message)) {}
  State state_;
  Value value_;
  std::string code_;
  std::string message_;
  bool halt_ = false;
};

}  // namespace attestfs::rego

// Internal number arithmetic shared by arithmetic.cc and aggregates.cc: int64 while exact,
// double otherwise (OPA's arbitrary precision is approximated; big-number cases are skipped).
#pragma once

#include "rego/value.h"

namespace attestfs::rego::builtins {

inline Value NumAdd(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    int64_t r;
    if (!__builtin_add_overflow(a.int_value(), b.int_value(), &r)) return Value::Int(r);
  }
  return Value::Float(a.number() + b.number());
}

inline Value NumSub(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    int64_t r;
    if (!__builtin_sub_overflow(a.int_value(), b.int_value(), &r)) return Value::Int(r);
  }
  return Value::Float(a.number() - b.number());
}

inline Value NumMul(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    int64_t r;
    if (!__builtin_mul_overflow(a.int_value(), b.int_value(), &r)) return Value::Int(r);
  }
  return Value::Float(a.number() * b.number());
}

}  // namespace attestfs::rego::builtins

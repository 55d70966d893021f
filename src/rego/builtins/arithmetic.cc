// Arithmetic: plus minus (numbers and set difference) mul div rem abs ceil floor round,
// numbers.range and numbers.range_step (OPA's topdown/arithmetic.go and numbers.go semantics).
#include <cmath>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"
#include "rego/builtins/number_ops.h"

namespace attestfs::rego::builtins {
namespace {

using NumOp = Value (*)(const Value&, const Value&);

BuiltinFn Binary(const char* name, NumOp op) {
  return [name, op](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType(name, 1, "number", a[0]);
    if (!a[1].is_number()) return OperandType(name, 2, "number", a[1]);
    return op(a[0], a[1]);
  };
}

BuiltinFn Unary(const char* name, double (*op)(double)) {
  return [name, op](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType(name, 1, "number", a[0]);
    if (a[0].is_int()) return a[0];
    return Value::Float(op(a[0].number()));
  };
}

BuiltinResult Range(BuiltinContext& ctx, const char* name, const Value& from, const Value& to,
                    const Value* step_v) {
  const Value* ops[2] = {&from, &to};
  for (int i = 0; i < 2; ++i) {
    if (!ops[i]->is_number()) return OperandType(name, i + 1, "number", *ops[i]);
    if (!AsInt(*ops[i]))
      return OperandMsg(name, i + 1, "must be integer number but got floating-point number");
  }
  int64_t step = 1;
  if (step_v) {
    if (!step_v->is_number()) return OperandType(name, 3, "number", *step_v);
    auto st = AsInt(*step_v);
    double d = step_v->number();
    if (!st && std::trunc(d) == d && d >= 9.2e18) st = INT64_MAX;  // beyond int64: one element
    if (!st) return OperandMsg(name, 3, "must be integer number but got floating-point number");
    if (*st <= 0) return Fail(name, "step must be a positive integer");
    step = *st;
  }
  int64_t a = *AsInt(from), b = *AsInt(to);
  // Distances as uint64_t: the true span of two int64 values always fits.
  const bool up = a <= b;
  const uint64_t span = up ? static_cast<uint64_t>(b) - static_cast<uint64_t>(a)
                           : static_cast<uint64_t>(a) - static_cast<uint64_t>(b);
  const uint64_t ustep = static_cast<uint64_t>(step);
  if (span / ustep >= ctx.max_output_elements)
    return BuiltinResult::Halt("eval_builtin_error", std::string(name) + ": range too large");
  Array out;
  out.reserve(static_cast<size_t>(span / ustep) + 1);
  for (int64_t x = a;;) {
    out.push_back(Value::Int(x));
    uint64_t left = up ? static_cast<uint64_t>(b) - static_cast<uint64_t>(x)
                       : static_cast<uint64_t>(x) - static_cast<uint64_t>(b);
    if (left < ustep) break;
    x = static_cast<int64_t>(up ? static_cast<uint64_t>(x) + ustep
                                : static_cast<uint64_t>(x) - ustep);
    if ((out.size() & 0xFFFF) == 0 && Cancelled(ctx)) return CancelError(name);
  }
  return Value::FromArray(std::move(out));
}

}  // namespace

void AddArithmeticBuiltins(BuiltinRegistry& r) {
  Def(r, "plus", 2, Binary("plus", NumAdd));
  Def(r, "mul", 2, Binary("mul", NumMul));
  Def(r, "minus", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (a[0].is_number()) {
      if (!a[1].is_number()) return OperandType("minus", 2, "number", a[1]);
      return NumSub(a[0], a[1]);
    }
    if (a[0].is_set()) {
      if (!a[1].is_set()) return OperandType("minus", 2, "set", a[1]);
      Set out;
      const Set& rhs = a[1].set();
      for (const Value& x : a[0].set())
        if (!rhs.count(x)) out.insert(out.end(), x);
      return Value::FromSet(std::move(out));
    }
    return OperandOneOf("minus", 1, "number, set", a[0]);
  });
  Def(r, "div", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType("div", 1, "number", a[0]);
    if (!a[1].is_number()) return OperandType("div", 2, "number", a[1]);
    if (a[1].number() == 0) return Fail("div", "divide by zero");
    if (a[0].is_int() && a[1].is_int()) {
      int64_t x = a[0].int_value(), y = a[1].int_value();
      if (!(x == INT64_MIN && y == -1) && x % y == 0) return Value::Int(x / y);
    }
    return Value::Float(a[0].number() / a[1].number());
  });
  Def(r, "rem", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType("rem", 1, "number", a[0]);
    if (!a[1].is_number()) return OperandType("rem", 2, "number", a[1]);
    auto x = AsInt(a[0]), y = AsInt(a[1]);
    if (!x || !y) return Fail("rem", "modulo on floating-point number");
    if (*y == 0) return Fail("rem", "modulo by zero");
    if (*y == -1) return Value::Int(0);
    return Value::Int(*x % *y);
  });
  Def(r, "abs", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType("abs", 1, "number", a[0]);
    if (a[0].is_int() && a[0].int_value() != INT64_MIN)
      return Value::Int(a[0].int_value() < 0 ? -a[0].int_value() : a[0].int_value());
    return Value::Float(std::fabs(a[0].number()));
  });
  Def(r, "ceil", 1, Unary("ceil", [](double d) { return std::ceil(d); }));
  Def(r, "floor", 1, Unary("floor", [](double d) { return std::floor(d); }));
  Def(r, "round", 1, Unary("round", [](double d) { return std::round(d); }));
  Def(r, "numbers.range", 2, [](BuiltinContext& ctx, const Args& a) {
    return Range(ctx, "numbers.range", a[0], a[1], nullptr);
  });
  Def(r, "numbers.range_step", 3, [](BuiltinContext& ctx, const Args& a) {
    return Range(ctx, "numbers.range_step", a[0], a[1], &a[2]);
  });
}

}  // namespace attestfs::rego::builtins

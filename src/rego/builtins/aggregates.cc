// Aggregates: count, sum, product, max, min, sort (OPA's topdown/aggregates.go semantics).
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"
#include "rego/builtins/number_ops.h"

namespace attestfs::rego::builtins {
namespace {

BuiltinResult Fold(const char* name, const Value& c, Value init,
                   Value (*op)(const Value&, const Value&)) {
  if (!c.is_array() && !c.is_set()) return OperandOneOf(name, 1, "set, array", c);
  Value acc = std::move(init);
  auto step = [&](const Value& x) -> bool {
    if (!x.is_number()) return false;
    acc = op(acc, x);
    return true;
  };
  if (c.is_array()) {
    for (const Value& x : c.array())
      if (!step(x)) return OperandElement(name, 1, c, "number", x);
  } else {
    for (const Value& x : c.set())
      if (!step(x)) return OperandElement(name, 1, c, "number", x);
  }
  return acc;
}

BuiltinResult Extreme(const char* name, const Value& c, bool want_max) {
  if (!c.is_array() && !c.is_set()) return OperandOneOf(name, 1, "set, array", c);
  if (c.is_set()) {
    if (c.set().empty()) return BuiltinResult::Undefined();
    return want_max ? *c.set().rbegin() : *c.set().begin();
  }
  const Array& a = c.array();
  if (a.empty()) return BuiltinResult::Undefined();
  const Value* best = &a[0];
  for (const Value& x : a) {
    int cmp = x.Compare(*best);
    if (want_max ? cmp > 0 : cmp < 0) best = &x;
  }
  return *best;
}

}  // namespace

void AddAggregateBuiltins(BuiltinRegistry& r) {
  Def(r, "count", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const Value& v = a[0];
    switch (v.kind()) {
      case Kind::kArray:
      case Kind::kObject:
      case Kind::kSet:
        return Value::Int(static_cast<int64_t>(v.size()));
      case Kind::kString:
        return Value::Int(static_cast<int64_t>(RuneCount(v.string())));
      default:
        return OperandOneOf("count", 1, "array, object, set, string", v);
    }
  });
  Def(r, "sum", 1,
      [](BuiltinContext&, const Args& a) { return Fold("sum", a[0], Value::Int(0), NumAdd); });
  Def(r, "product", 1,
      [](BuiltinContext&, const Args& a) { return Fold("product", a[0], Value::Int(1), NumMul); });
  Def(r, "max", 1, [](BuiltinContext&, const Args& a) { return Extreme("max", a[0], true); });
  Def(r, "min", 1, [](BuiltinContext&, const Args& a) { return Extreme("min", a[0], false); });
  Def(r, "sort", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (a[0].is_set()) return Value::FromArray(Array(a[0].set().begin(), a[0].set().end()));
    if (!a[0].is_array()) return OperandOneOf("sort", 1, "array, set", a[0]);
    Array out = a[0].array();
    std::stable_sort(out.begin(), out.end());
    return Value::FromArray(std::move(out));
  });
  // Deprecated in OPA v1 but still callable in v0 policies.
  Def(r, "all", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array() && !a[0].is_set()) return OperandOneOf("all", 1, "set, array", a[0]);
    for (const Value& x : Elements(a[0]))
      if (!(x.is_bool() && x.boolean())) return Value::Bool(false);
    return Value::Bool(true);
  });
  Def(r, "any", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array() && !a[0].is_set()) return OperandOneOf("any", 1, "set, array", a[0]);
    for (const Value& x : Elements(a[0]))
      if (x.is_bool() && x.boolean()) return Value::Bool(true);
    return Value::Bool(false);
  });
}

}  // namespace attestfs::rego::builtins

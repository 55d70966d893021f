// Set algebra: and (&), or (|), intersection and union over a set of sets.
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

Set Intersect(const Set& x, const Set& y) {
  Set out;
  const Set& small = x.size() <= y.size() ? x : y;
  const Set& big = x.size() <= y.size() ? y : x;
  for (const Value& v : small)
    if (big.count(v)) out.insert(out.end(), v);
  return out;
}

}  // namespace

void AddSetBuiltins(BuiltinRegistry& r) {
  Def(r, "and", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_set()) return OperandType("and", 1, "set", a[0]);
    if (!a[1].is_set()) return OperandType("and", 2, "set", a[1]);
    return Value::FromSet(Intersect(a[0].set(), a[1].set()));
  });
  Def(r, "or", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_set()) return OperandType("or", 1, "set", a[0]);
    if (!a[1].is_set()) return OperandType("or", 2, "set", a[1]);
    if (a[1].set().empty()) return a[0];
    if (a[0].set().empty()) return a[1];
    Set out = a[0].set();
    out.insert(a[1].set().begin(), a[1].set().end());
    return Value::FromSet(std::move(out));
  });
  Def(r, "intersection", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_set()) return OperandType("intersection", 1, "set", a[0]);
    const Set& sets = a[0].set();
    for (const Value& s : sets)
      if (!s.is_set()) return OperandElement("intersection", 1, a[0], "set", s);
    if (sets.empty()) return Value::FromSet({});
    Set acc = sets.begin()->set();
    for (auto it = std::next(sets.begin()); it != sets.end() && !acc.empty(); ++it)
      acc = Intersect(acc, it->set());
    return Value::FromSet(std::move(acc));
  });
  Def(r, "union", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_set()) return OperandType("union", 1, "set", a[0]);
    Set acc;
    for (const Value& s : a[0].set()) {
      if (!s.is_set()) return OperandElement("union", 1, a[0], "set", s);
      acc.insert(s.set().begin(), s.set().end());
    }
    return Value::FromSet(std::move(acc));
  });
}

}  // namespace attestfs::rego::builtins

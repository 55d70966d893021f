// Array builtins: array.concat, array.slice (clamped), array.reverse, array.flatten (one level).
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

// One level, as OPA: [[1], [2, [3]]] -> [1, 2, [3]].
void Flatten(const Array& in, Array& out) {
  for (const Value& x : in) {
    if (x.is_array()) {
      out.insert(out.end(), x.array().begin(), x.array().end());
    } else {
      out.push_back(x);
    }
  }
}

}  // namespace

void AddArrayBuiltins(BuiltinRegistry& r) {
  Def(r, "array.concat", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array()) return OperandType("array.concat", 1, "array", a[0]);
    if (!a[1].is_array()) return OperandType("array.concat", 2, "array", a[1]);
    if (a[1].array().empty()) return a[0];
    if (a[0].array().empty()) return a[1];
    Array out;
    out.reserve(a[0].array().size() + a[1].array().size());
    out.insert(out.end(), a[0].array().begin(), a[0].array().end());
    out.insert(out.end(), a[1].array().begin(), a[1].array().end());
    return Value::FromArray(std::move(out));
  });
  Def(r, "array.slice", 3, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array()) return OperandType("array.slice", 1, "array", a[0]);
    for (int i = 1; i <= 2; ++i) {
      if (!a[i].is_number()) return OperandType("array.slice", i + 1, "number", a[i]);
      if (!AsInt(a[i]))
        return OperandMsg("array.slice", i + 1,
                          "must be integer number but got floating-point number");
    }
    const Array& arr = a[0].array();
    int64_t n = static_cast<int64_t>(arr.size());
    int64_t start = std::max<int64_t>(0, *AsInt(a[1])), stop = std::min(n, *AsInt(a[2]));
    if (start >= stop) return Value::FromArray({});
    return Value::FromArray(Array(arr.begin() + start, arr.begin() + stop));
  });
  Def(r, "array.reverse", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array()) return OperandType("array.reverse", 1, "array", a[0]);
    return Value::FromArray(Array(a[0].array().rbegin(), a[0].array().rend()));
  });
  Def(r, "array.flatten", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array()) return OperandType("array.flatten", 1, "array", a[0]);
    Array out;
    Flatten(a[0].array(), out);
    return Value::FromArray(std::move(out));
  });
}

}  // namespace attestfs::rego::builtins

// Bitwise builtins on integers: bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh.
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

BuiltinResult IntArg(const char* fn, int pos, const Value& v, int64_t& out) {
  if (!v.is_number()) return OperandType(fn, pos, "number", v);
  auto i = AsInt(v);
  if (!i) return OperandMsg(fn, pos, "must be integer number but got floating-point number");
  out = *i;
  return Value::Null();
}

void Binary(BuiltinRegistry& r, const char* name, int64_t (*op)(int64_t, int64_t, bool&)) {
  Def(r, name, 2, [name, op](BuiltinContext&, const Args& a) -> BuiltinResult {
    int64_t x, y;
    BuiltinResult r1 = IntArg(name, 1, a[0], x);
    if (!r1.has_value()) return r1;
    BuiltinResult r2 = IntArg(name, 2, a[1], y);
    if (!r2.has_value()) return r2;
    bool ok = true;
    int64_t v = op(x, y, ok);
    if (!ok) return Fail(name, "result out of range");
    return Value::Int(v);
  });
}

}  // namespace

void AddBitsBuiltins(BuiltinRegistry& r) {
  Binary(r, "bits.and", [](int64_t x, int64_t y, bool&) { return x & y; });
  Binary(r, "bits.or", [](int64_t x, int64_t y, bool&) { return x | y; });
  Binary(r, "bits.xor", [](int64_t x, int64_t y, bool&) { return x ^ y; });
  Binary(r, "bits.lsh", [](int64_t x, int64_t y, bool& ok) -> int64_t {
    if (y < 0) {
      ok = false;
      return 0;
    }
    if (y >= 63 || (x != 0 && (x > (INT64_MAX >> y) || x < (INT64_MIN >> y)))) {
      ok = false;
      return 0;
    }
    return static_cast<int64_t>(static_cast<uint64_t>(x) << y);
  });
  Binary(r, "bits.rsh", [](int64_t x, int64_t y, bool& ok) -> int64_t {
    if (y < 0) {
      ok = false;
      return 0;
    }
    return y >= 63 ? (x < 0 ? -1 : 0) : x >> y;
  });
  Def(r, "bits.negate", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    int64_t x;
    BuiltinResult r1 = IntArg("bits.negate", 1, a[0], x);
    if (!r1.has_value()) return r1;
    return Value::Int(~x);
  });
}

}  // namespace attestfs::rego::builtins

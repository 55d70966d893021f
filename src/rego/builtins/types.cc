// Types and casts: is_number is_string is_boolean is_array is_set is_object is_null,
// type_name, to_number (Go's strconv.ParseFloat syntax, NaN and infinities refused).
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

void IsKind(BuiltinRegistry& r, const char* name, Kind k) {
  Def(r, name, 1,
      [k](BuiltinContext&, const Args& a) -> BuiltinResult { return Bool(a[0].kind() == k); });
}

// Go's ParseFloat accepts decimal and hex floats, underscores only with a base prefix; we accept
// the decimal JSON-like forms plus a leading '+', as OPA's to_number does via json.Number.
bool ParseNumber(const std::string& s, Value& out, bool& special) {
  special = false;
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = lower;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (body == "inf" || body == "infinity" || body == "nan") {
    special = true;
    return false;
  }
  size_t i = 0, n = s.size();
  if (s[i] == '+' || s[i] == '-') ++i;
  bool digits = false, is_int = true;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, digits = true;
  if (i < n && s[i] == '.') {
    is_int = false;
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, digits = true;
  }
  if (!digits) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    is_int = false;
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    bool ed = false;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ed = true;
    if (!ed) return false;
  }
  if (i != n) return false;
  if (is_int) {
    errno = 0;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == 0) {
      out = Value::Int(v);
      return true;
    }
  }
  double d = std::strtod(s.c_str(), nullptr);
  if (std::isinf(d)) {
    special = true;
    return false;
  }
  out = Value::Float(d);
  return true;
}

}  // namespace

void AddTypeBuiltins(BuiltinRegistry& r) {
  IsKind(r, "is_number", Kind::kNumber);
  IsKind(r, "is_string", Kind::kString);
  IsKind(r, "is_boolean", Kind::kBool);
  IsKind(r, "is_array", Kind::kArray);
  IsKind(r, "is_set", Kind::kSet);
  IsKind(r, "is_object", Kind::kObject);
  IsKind(r, "is_null", Kind::kNull);
  Def(r, "type_name", 1,
      [](BuiltinContext&, const Args& a) -> BuiltinResult { return Str(a[0].TypeName()); });
  Def(r, "to_number", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const Value& v = a[0];
    switch (v.kind()) {
      case Kind::kNull:
        return Value::Int(0);
      case Kind::kBool:
        return Value::Int(v.boolean() ? 1 : 0);
      case Kind::kNumber:
        return v;
      case Kind::kString: {
        Value out;
        bool special = false;
        if (ParseNumber(v.string(), out, special)) return out;
        if (special)
          return OperandMsg("to_number", 1, "must be a valid number string, not NaN or Inf");
        return Fail("to_number", "strconv.ParseFloat: parsing " +
                                     Value::String(v.string()).ToJson() + ": invalid syntax");
      }
      default:
        return OperandOneOf("to_number", 1, "null, boolean, number, string", v);
    }
  });
}

}  // namespace attestfs::rego::builtins

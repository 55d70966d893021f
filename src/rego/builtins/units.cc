// units.parse_bytes ("10KiB" -> 10240) and units.parse ("500m" -> 0.5, "2Gi" -> 2147483648),
// OPA's unit tables (decimal SI and binary IEC suffixes).
#include <cmath>
#include <cstdlib>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

void SplitNumUnit(std::string_view s, std::string& num, std::string& unit) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  // Scientific notation ("1e3") belongs to the number when followed by digits.
  if (i < s.size() && i > 0 &&
      (std::isdigit(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.') &&
      (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      i = j;
    }
  }
  if (i == 1 && (s[0] == '-' || s[0] == '+')) i = 0;
  num = std::string(s.substr(0, i));
  unit = std::string(s.substr(i));
}

bool ParseAmount(const std::string& num, long double& out) {
  if (num.empty() || std::count(num.begin(), num.end(), '.') > 1 || num == ".") return false;
  size_t e = num.find_first_of("eE");
  if (e != std::string::npos && num.size() - e > 6) {  // |exponent| >= 10^5: not representable
    out = HUGE_VALL;
    return true;
  }
  char* end = nullptr;
  out = std::strtold(num.c_str(), &end);
  return end && *end == '\0';
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Value FromLongDouble(long double v) {
  if (std::fabs(v) < 9.2e18L && std::floor(v) == v) return Value::Int(static_cast<int64_t>(v));
  return Value::Float(static_cast<double>(v));
}

}  // namespace

void AddUnitsBuiltins(BuiltinRegistry& r) {
  Def(r, "units.parse_bytes", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "units.parse_bytes";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    std::string s;
    for (char c : a[0].string())
      if (c != '"') s += c;
    if (s.find(' ') != std::string::npos) return Fail(fn, "spaces not allowed in resource strings");
    s = Lower(s);
    std::string num, unit;
    SplitNumUnit(s, num, unit);
    if (num.empty()) return Fail(fn, "no byte amount provided");
    static const std::pair<const char*, long double> kUnits[] = {{"", 1},
                                                                 {"kb", 1e3L},
                                                                 {"k", 1e3L},
                                                                 {"kib", 1024.0L},
                                                                 {"ki", 1024.0L},
                                                                 {"mb", 1e6L},
                                                                 {"m", 1e6L},
                                                                 {"mib", 1048576.0L},
                                                                 {"mi", 1048576.0L},
                                                                 {"gb", 1e9L},
                                                                 {"g", 1e9L},
                                                                 {"gib", 1073741824.0L},
                                                                 {"gi", 1073741824.0L},
                                                                 {"tb", 1e12L},
                                                                 {"t", 1e12L},
                                                                 {"tib", 1099511627776.0L},
                                                                 {"ti", 1099511627776.0L},
                                                                 {"pb", 1e15L},
                                                                 {"p", 1e15L},
                                                                 {"pib", 1125899906842624.0L},
                                                                 {"pi", 1125899906842624.0L},
                                                                 {"eb", 1e18L},
                                                                 {"e", 1e18L},
                                                                 {"eib", 1152921504606846976.0L},
                                                                 {"ei", 1152921504606846976.0L}};
    long double mult = -1;
    for (const auto& [u, m] : kUnits)
      if (unit == u) mult = m;
    if (mult < 0) return Fail(fn, "byte unit " + unit + " not recognized");
    long double v;
    if (!ParseAmount(num, v)) return Fail(fn, "could not parse byte amount to a number");
    if (!std::isfinite(v * mult)) return Fail(fn, "exponent too large");
    return FromLongDouble(std::trunc(v * mult));
  });
  Def(r, "units.parse", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "units.parse";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    std::string s;
    for (char c : a[0].string())
      if (c != '"') s += c;
    if (s.find(' ') != std::string::npos) return Fail(fn, "spaces not allowed in resource strings");
    std::string num, unit;
    SplitNumUnit(s, num, unit);
    if (num.empty()) return Fail(fn, "no amount provided");
    if (unit.size() > 1) unit = unit.substr(0, 1) + Lower(unit.substr(1));
    static const std::pair<const char*, long double> kUnits[] = {{"m", 1e-3L},
                                                                 {"", 1},
                                                                 {"k", 1e3L},
                                                                 {"K", 1e3L},
                                                                 {"Ki", 1024.0L},
                                                                 {"ki", 1024.0L},
                                                                 {"M", 1e6L},
                                                                 {"Mi", 1048576.0L},
                                                                 {"mi", 1048576.0L},
                                                                 {"G", 1e9L},
                                                                 {"g", 1e9L},
                                                                 {"Gi", 1073741824.0L},
                                                                 {"gi", 1073741824.0L},
                                                                 {"T", 1e12L},
                                                                 {"t", 1e12L},
                                                                 {"Ti", 1099511627776.0L},
                                                                 {"ti", 1099511627776.0L},
                                                                 {"P", 1e15L},
                                                                 {"p", 1e15L},
                                                                 {"Pi", 1125899906842624.0L},
                                                                 {"pi", 1125899906842624.0L},
                                                                 {"E", 1e18L},
                                                                 {"e", 1e18L},
                                                                 {"Ei", 1152921504606846976.0L},
                                                                 {"ei", 1152921504606846976.0L}};
    long double mult = -1;
    for (const auto& [u, m] : kUnits)
      if (unit == u) mult = m;
    if (mult < 0) return Fail(fn, "unit " + unit + " not recognized");
    long double v;
    if (!ParseAmount(num, v)) return Fail(fn, "could not parse amount to a number");
    if (!std::isfinite(v * mult)) return Fail(fn, "exponent too large");
    return FromLongDouble(v * mult);
  });
}

}  // namespace attestfs::rego::builtins

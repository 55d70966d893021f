// semver.compare and semver.is_valid (Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH with optional
// -prerelease and +build; build metadata is ignored when comparing).
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

struct SemVer {
  uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> pre;
};

bool Numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ParseNum(std::string_view s, uint64_t& out) {
  if (!Numeric(s) || (s.size() > 1 && s[0] == '0') || s.size() > 19) return false;
  out = std::stoull(std::string(s));
  return true;
}

bool Ident(std::string_view s, bool pre) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
  if (pre && Numeric(s) && s.size() > 1 && s[0] == '0') return false;
  return true;
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t d = s.find('.', start);
    out.push_back(
        s.substr(start, d == std::string_view::npos ? std::string_view::npos : d - start));
    if (d == std::string_view::npos) break;
    start = d + 1;
  }
  return out;
}

bool Parse(std::string_view s, SemVer& v) {
  size_t plus = s.find('+');
  if (plus != std::string_view::npos) {
    for (std::string_view id : SplitDots(s.substr(plus + 1)))
      if (!Ident(id, false)) return false;
    s = s.substr(0, plus);
  }
  size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    for (std::string_view id : SplitDots(s.substr(dash + 1))) {
      if (!Ident(id, true)) return false;
      v.pre.emplace_back(id);
    }
    s = s.substr(0, dash);
  }
  auto parts = SplitDots(s);
  return parts.size() == 3 && ParseNum(parts[0], v.major) && ParseNum(parts[1], v.minor) &&
         ParseNum(parts[2], v.patch);
}

int Cmp(uint64_t a, uint64_t b) { return a < b ? -1 : a > b ? 1 : 0; }

int Compare(const SemVer& a, const SemVer& b) {
  if (int c = Cmp(a.major, b.major)) return c;
  if (int c = Cmp(a.minor, b.minor)) return c;
  if (int c = Cmp(a.patch, b.patch)) return c;
  if (a.pre.empty() || b.pre.empty())
    return a.pre.empty() == b.pre.empty() ? 0 : a.pre.empty() ? 1 : -1;
  for (size_t i = 0; i < a.pre.size() && i < b.pre.size(); ++i) {
    const std::string &x = a.pre[i], &y = b.pre[i];
    bool nx = Numeric(x), ny = Numeric(y);
    int c;
    if (nx && ny)
      c = x.size() != y.size() ? (x.size() < y.size() ? -1 : 1) : x.compare(y);
    else if (nx != ny)
      c = nx ? -1 : 1;
    else
      c = x.compare(y);
    if (c) return c < 0 ? -1 : 1;
  }
  return Cmp(a.pre.size(), b.pre.size());
}

}  // namespace

void AddSemverBuiltins(BuiltinRegistry& r) {
  Def(r, "semver.compare", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "semver.compare";
    SemVer v[2];
    for (int i = 0; i < 2; ++i) {
      if (!a[i].is_string()) return OperandType(fn, i + 1, "string", a[i]);
      if (!Parse(a[i].string(), v[i]))
        return Fail(fn, "operand " + std::to_string(i + 1) + ": string " + a[i].ToJson() +
                            " is not a valid SemVer");
    }
    return Value::Int(Compare(v[0], v[1]));
  });
  Def(r, "semver.is_valid", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    SemVer v;
    return Bool(a[0].is_string() && Parse(a[0].string(), v));
  });
}

}  // namespace attestfs::rego::builtins

// String builtins: concat contains startswith endswith lower upper split replace substring
// indexof indexof_n trim* format_int strings.any_prefix_match/any_suffix_match/count/replace_n/
// reverse — Go's strings package semantics over UTF-8 runes, as OPA's topdown/strings.go.
#include <algorithm>
#include <cmath>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"
#include "rego/builtins/substring_search.h"

namespace attestfs::rego::builtins {
namespace {

#define AFS_WANT_STRING(fn, i)                                            \
  do {                                                                    \
    if (!a[i].is_string()) return OperandType(fn, i + 1, "string", a[i]); \
  } while (0)

uint32_t ToUpperRune(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return c;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper ? (c % 2 == 0) : (c % 2 == 1)) return c - 1;
    return c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

uint32_t ToLowerRune(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

std::string MapRunes(std::string_view s, uint32_t (*f)(uint32_t)) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(f(c));
      ++i;
      continue;
    }
    AppendRune(out, f(DecodeRune(s, i)));
  }
  return out;
}

bool IsSpaceRune(uint32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

// Byte offsets of rune starts, plus the end.
std::vector<size_t> RuneOffsets(std::string_view s) {
  std::vector<size_t> off;
  off.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    off.push_back(i);
    DecodeRune(s, i);
  }
  off.push_back(s.size());
  return off;
}

std::string TrimLeftSet(std::string_view s, const std::vector<uint32_t>& cut,
                        bool (*pred)(uint32_t)) {
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    uint32_t c = DecodeRune(s, j);
    bool drop = pred ? pred(c) : std::find(cut.begin(), cut.end(), c) != cut.end();
    if (!drop) break;
    i = j;
  }
  return std::string(s.substr(i));
}

std::string TrimRightSet(std::string_view s, const std::vector<uint32_t>& cut,
                         bool (*pred)(uint32_t)) {
  std::vector<size_t> off = RuneOffsets(s);
  size_t k = off.size() - 1;  // number of runes
  while (k > 0) {
    size_t i = off[k - 1];
    uint32_t c = DecodeRune(s, i);
    bool drop = pred ? pred(c) : std::find(cut.begin(), cut.end(), c) != cut.end();
    if (!drop) break;
    --k;
  }
  return std::string(s.substr(0, off[k]));
}

// Go's strings.Split (empty separator: one element per rune).
Array Split(std::string_view s, std::string_view sep) {
  Array out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t j = i;
      DecodeRune(s, j);
      out.push_back(Str(std::string(s.substr(i, j - i))));
      i = j;
    }
    return out;
  }
  size_t start = 0;
  Kmp<std::string_view> kmp(sep);
  while (true) {
    size_t p = kmp.Find(s, start);
    if (p == Kmp<std::string_view>::npos) break;
    out.push_back(Str(std::string(s.substr(start, p - start))));
    start = p + sep.size();
  }
  out.push_back(Str(std::string(s.substr(start))));
  return out;
}

// Go's strings.Replace with n < 0 (empty `old` inserts `repl` around every rune).
// False when the result would exceed kMaxResultBytes.
bool ReplaceAll(std::string_view s, std::string_view old, std::string_view repl, std::string& out) {
  if (old.empty()) {
    if ((RuneCount(s) + 1) * repl.size() + s.size() > kMaxResultBytes) return false;
    out.reserve(s.size() * (repl.size() + 1) + repl.size());
    out += repl;
    for (size_t i = 0; i < s.size();) {
      size_t j = i;
      DecodeRune(s, j);
      out += s.substr(i, j - i);
      out += repl;
      i = j;
    }
    return true;
  }
  size_t start = 0;
  Kmp<std::string_view> kmp(old);
  while (true) {
    size_t p = kmp.Find(s, start);
    if (p == Kmp<std::string_view>::npos) break;
    out += s.substr(start, p - start);
    out += repl;
    start = p + old.size();
    if (out.size() > kMaxResultBytes) return false;
  }
  out += s.substr(start);
  return true;
}

// Rune index of `needle` in `hay` at or after rune `from`, or -1.
int64_t RuneIndex(const std::vector<uint32_t>& hay, const Kmp<std::vector<uint32_t>>& needle,
                  size_t from) {
  size_t p = needle.Find(hay, from);
  return p == Kmp<std::vector<uint32_t>>::npos ? -1 : static_cast<int64_t>(p);
}

// strings.any_prefix_match operands: a string, or an array/set of strings.
BuiltinResult StringList(const char* fn, int pos, const Value& v,
                         std::vector<std::string_view>& out) {
  if (v.is_string()) {
    out.push_back(v.string());
    return Value::Null();
  }
  if (!v.is_array() && !v.is_set()) return OperandOneOf(fn, pos, "string, set, array", v);
  auto add = [&](const Value& x) { out.push_back(x.string()); };
  if (v.is_array()) {
    for (const Value& x : v.array()) {
      if (!x.is_string()) return OperandElement(fn, pos, v, "string", x);
      add(x);
    }
  } else {
    for (const Value& x : v.set()) {
      if (!x.is_string()) return OperandElement(fn, pos, v, "string", x);
      add(x);
    }
  }
  return Value::Null();
}

BuiltinFn AnyMatch(const char* fn, bool prefix) {
  return [fn, prefix](BuiltinContext&, const Args& a) -> BuiltinResult {
    std::vector<std::string_view> xs, ys;
    BuiltinResult r1 = StringList(fn, 1, a[0], xs);
    if (!r1.has_value()) return r1;
    BuiltinResult r2 = StringList(fn, 2, a[1], ys);
    if (!r2.has_value()) return r2;
    for (std::string_view x : xs)
      for (std::string_view y : ys)
        if (prefix ? x.substr(0, y.size()) == y
                   : (x.size() >= y.size() && x.substr(x.size() - y.size()) == y))
          return Bool(true);
    return Bool(false);
  };
}

std::string FormatInt(int64_t v, int base) {
  if (v == 0) return "0";
  bool neg = v < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string out;
  while (u) {
    out += "0123456789abcdef"[u % base];
    u /= base;
  }
  if (neg) out += '-';
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

void AddStringBuiltins(BuiltinRegistry& r) {
  Def(r, "concat", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("concat", 0);
    if (!a[1].is_array() && !a[1].is_set()) return OperandOneOf("concat", 2, "set, array", a[1]);
    std::string out;
    bool first = true;
    auto add = [&](const Value& x) {
      if (!first) out += a[0].string();
      first = false;
      out += x.string();
    };
    if (a[1].is_array()) {
      for (const Value& x : a[1].array()) {
        if (!x.is_string()) return OperandElement("concat", 2, a[1], "string", x);
        add(x);
      }
    } else {
      for (const Value& x : a[1].set()) {
        if (!x.is_string()) return OperandElement("concat", 2, a[1], "string", x);
        add(x);
      }
    }
    return Str(std::move(out));
  });
  Def(r, "contains", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("contains", 0);
    AFS_WANT_STRING("contains", 1);
    std::string_view hay = a[0].string(), needle = a[1].string();
    return Bool(Kmp<std::string_view>(needle).Find(hay, 0) != Kmp<std::string_view>::npos);
  });
  Def(r, "startswith", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("startswith", 0);
    AFS_WANT_STRING("startswith", 1);
    return Bool(a[0].string().rfind(a[1].string(), 0) == 0);
  });
  Def(r, "endswith", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("endswith", 0);
    AFS_WANT_STRING("endswith", 1);
    const std::string &s = a[0].string(), &x = a[1].string();
    return Bool(s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0);
  });
  Def(r, "lower", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("lower", 0);
    return Str(MapRunes(a[0].string(), ToLowerRune));
  });
  Def(r, "upper", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("upper", 0);
    return Str(MapRunes(a[0].string(), ToUpperRune));
  });
  Def(r, "split", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("split", 0);
    AFS_WANT_STRING("split", 1);
    return Value::FromArray(Split(a[0].string(), a[1].string()));
  });
  Def(r, "replace", 3, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("replace", 0);
    AFS_WANT_STRING("replace", 1);
    AFS_WANT_STRING("replace", 2);
    std::string out;
    if (!ReplaceAll(a[0].string(), a[1].string(), a[2].string(), out)) return TooLarge("replace");
    return Str(std::move(out));
  });
  Def(r, "substring", 3, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("substring", 0);
    for (int i = 1; i <= 2; ++i) {
      if (!a[i].is_number()) return OperandType("substring", i + 1, "number", a[i]);
      if (!AsInt(a[i]))
        return OperandMsg("substring", i + 1,
                          "must be integer number but got floating-point number");
    }
    int64_t start = *AsInt(a[1]), len = *AsInt(a[2]);
    if (start < 0) return Fail("substring", "negative offset");
    const std::string& s = a[0].string();
    std::vector<size_t> off = RuneOffsets(s);
    int64_t n = static_cast<int64_t>(off.size()) - 1;
    if (start >= n) return Str("");
    int64_t end = (len < 0 || len > n - start) ? n : start + len;
    return Str(s.substr(off[start], off[end] - off[start]));
  });
  Def(r, "indexof", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("indexof", 0);
    AFS_WANT_STRING("indexof", 1);
    if (a[1].string().empty()) return Fail("indexof", "empty search character");
    return Value::Int(RuneIndex(Runes(a[0].string()), Kmp(Runes(a[1].string())), 0));
  });
  Def(r, "indexof_n", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("indexof_n", 0);
    AFS_WANT_STRING("indexof_n", 1);
    if (a[1].string().empty()) return Fail("indexof_n", "empty search character");
    std::vector<uint32_t> hay = Runes(a[0].string());
    Kmp<std::vector<uint32_t>> needle(Runes(a[1].string()));
    Array out;
    for (int64_t i = RuneIndex(hay, needle, 0); i >= 0; i = RuneIndex(hay, needle, i + 1))
      out.push_back(Value::Int(i));
    return Value::FromArray(std::move(out));
  });
  Def(r, "trim", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim", 0);
    AFS_WANT_STRING("trim", 1);
    std::vector<uint32_t> cut = Runes(a[1].string());
    return Str(TrimRightSet(TrimLeftSet(a[0].string(), cut, nullptr), cut, nullptr));
  });
  Def(r, "trim_left", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim_left", 0);
    AFS_WANT_STRING("trim_left", 1);
    return Str(TrimLeftSet(a[0].string(), Runes(a[1].string()), nullptr));
  });
  Def(r, "trim_right", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim_right", 0);
    AFS_WANT_STRING("trim_right", 1);
    return Str(TrimRightSet(a[0].string(), Runes(a[1].string()), nullptr));
  });
  Def(r, "trim_space", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim_space", 0);
    return Str(TrimRightSet(TrimLeftSet(a[0].string(), {}, IsSpaceRune), {}, IsSpaceRune));
  });
  Def(r, "trim_prefix", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim_prefix", 0);
    AFS_WANT_STRING("trim_prefix", 1);
    const std::string &s = a[0].string(), &p = a[1].string();
    if (s.rfind(p, 0) == 0) return Str(s.substr(p.size()));
    return a[0];
  });
  Def(r, "trim_suffix", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("trim_suffix", 0);
    AFS_WANT_STRING("trim_suffix", 1);
    const std::string &s = a[0].string(), &x = a[1].string();
    if (s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0)
      return Str(s.substr(0, s.size() - x.size()));
    return a[0];
  });
  Def(r, "format_int", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_number()) return OperandType("format_int", 1, "number", a[0]);
    if (!a[1].is_number()) return OperandType("format_int", 2, "number", a[1]);
    auto base = AsInt(a[1]);
    if (!base || (*base != 2 && *base != 8 && *base != 10 && *base != 16))
      return OperandMsg("format_int", 2, "must be one of {2, 8, 10, 16}");
    int64_t v;
    if (a[0].is_int()) {
      v = a[0].int_value();
    } else {
      double d = std::trunc(a[0].number());
      if (!(d > -9.2e18 && d < 9.2e18)) return Fail("format_int", "number too large");
      v = static_cast<int64_t>(d);
    }
    return Str(FormatInt(v, static_cast<int>(*base)));
  });
  Def(r, "strings.any_prefix_match", 2, AnyMatch("strings.any_prefix_match", true));
  Def(r, "strings.any_suffix_match", 2, AnyMatch("strings.any_suffix_match", false));
  Def(r, "strings.count", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    AFS_WANT_STRING("strings.count", 0);
    AFS_WANT_STRING("strings.count", 1);
    const std::string &s = a[0].string(), &sub = a[1].string();
    if (sub.empty()) return Value::Int(static_cast<int64_t>(RuneCount(s)) + 1);
    int64_t n = 0;
    std::string_view hay = s, needle = sub;
    Kmp<std::string_view> kmp(needle);
    for (size_t p = kmp.Find(hay, 0); p != Kmp<std::string_view>::npos;
         p = kmp.Find(hay, p + needle.size()))
      ++n;
    return Value::Int(n);
  });
  Def(r, "strings.replace_n", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("strings.replace_n", 1, "object", a[0]);
    AFS_WANT_STRING("strings.replace_n", 1);
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    for (const auto& [k, v] : a[0].object()) {
      if (!k.is_string())
        return OperandMsg("strings.replace_n", 1, "non-string key found in pattern object");
      if (!v.is_string())
        return OperandMsg("strings.replace_n", 1, "non-string value found in pattern object");
      pairs.emplace_back(k.string(), v.string());
    }
    // Go's strings.NewReplacer: leftmost match, earlier (sorted) pattern wins at a position.
    const std::string& s = a[1].string();
    std::string out;
    size_t i = 0;
    while (i <= s.size()) {
      bool matched = false;
      for (const auto& [old, repl] : pairs) {
        if (s.compare(i, old.size(), old) == 0 && i + old.size() <= s.size()) {
          if (old.empty()) continue;
          out += repl;
          if (out.size() > kMaxResultBytes) return TooLarge("strings.replace_n");
          i += old.size();
          matched = true;
          break;
        }
      }
      if (!matched) {
        if (i < s.size()) out += s[i];
        ++i;
      }
    }
    return Str(std::move(out));
  });
  Def(r, "strings.reverse", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("strings.reverse", 1, "string", a[0]);
    std::vector<uint32_t> rs = Runes(a[0].string());
    std::string out;
    out.reserve(a[0].string().size());
    for (auto it = rs.rbegin(); it != rs.rend(); ++it) AppendRune(out, *it);
    return Str(std::move(out));
  });
}

}  // namespace attestfs::rego::builtins

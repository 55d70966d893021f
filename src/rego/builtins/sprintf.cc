// sprintf: Go's fmt.Sprintf over OPA's argument conversion (integers as Go int, other numbers as
// float64, strings as string, every other value as its Rego term text, i.e. a string), so
// "%v" of [1, "a"] prints [1, "a"], "%d" of a string prints "%!d(string=x)" as OPA does.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

struct Arg {
  enum { kInt, kFloat, kString, kBigInt } kind;  // kBigInt: integral beyond int64, digits in s
  int64_t i = 0;
  double f = 0;
  std::string s;
};

struct Spec {
  bool minus = false, plus = false, space = false, zero = false, sharp = false;
  int width = -1, prec = -1;
};

std::string GoTypeName(const Arg& a) {
  switch (a.kind) {
    case Arg::kInt:
      return "int";
    case Arg::kFloat:
      return "float64";
    case Arg::kBigInt:
      return "*big.Int";
    default:
      return "string";
  }
}

std::string Pad(std::string body, const Spec& sp, bool numeric) {
  if (sp.width < 0) return body;
  size_t runes = RuneCount(body);
  if (runes >= static_cast<size_t>(sp.width)) return body;
  size_t n = sp.width - runes;
  if (sp.minus) return body + std::string(n, ' ');
  if (sp.zero && numeric) {
    size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    return body.substr(0, sign) + std::string(n, '0') + body.substr(sign);
  }
  return std::string(n, ' ') + body;
}

std::string SignPrefix(bool neg, const Spec& sp) {
  if (neg) return "-";
  if (sp.plus) return "+";
  if (sp.space) return " ";
  return "";
}

std::string IntBase(int64_t v, int base, bool upper, const Spec& sp, char verb) {
  bool neg = v < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string d;
  do {
    d += digits[u % base];
    u /= base;
  } while (u);
  if (sp.prec >= 0 && static_cast<int>(d.size()) < sp.prec) d.append(sp.prec - d.size(), '0');
  if (sp.prec == 0 && v == 0) d.clear();
  std::reverse(d.begin(), d.end());
  std::string prefix;
  if (sp.sharp) {
    if (verb == 'x') prefix = "0x";
    if (verb == 'X') prefix = "0X";
    if (verb == 'o') prefix = "0";
    if (verb == 'b') prefix = "0b";
  }
  Spec s2 = sp;
  if (sp.prec >= 0) s2.zero = false;
  return Pad(SignPrefix(neg, sp) + prefix + d, s2, true);
}

// Go's strconv.FormatFloat(f, 'g', -1, 64) with %v's exponent rule (shortest digits,
// exponent form when exp < -4 or exp >= 6, as %v and %g print float64).
std::string ShortestG(double f, int eprec_shortest) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci: [-]d[.ddd]e[+-]XX
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  int nd = static_cast<int>(digits.size());
  int eprec = eprec_shortest;
  if (eprec > nd && nd >= exp + 1) eprec = nd;
  std::string out;
  if (exp < -4 || exp >= eprec) {
    out = digits.substr(0, 1);
    if (nd > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  } else if (exp < 0) {
    out = "0." + std::string(-exp - 1, '0') + digits;
  } else if (exp + 1 >= nd) {
    out = digits + std::string(exp + 1 - nd, '0');
  } else {
    out = digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
  }
  return (neg ? "-" : "") + out;
}

std::string CFloat(double f, char verb, const Spec& sp) {
  if (std::isinf(f) || std::isnan(f)) {
    std::string b = std::isnan(f) ? "NaN" : (f > 0 ? (sp.plus ? "+Inf" : "Inf") : "-Inf");
    Spec s2 = sp;
    s2.zero = false;
    return Pad(b, s2, false);
  }
  if ((verb == 'g' || verb == 'G') && sp.prec < 0) {
    std::string b = ShortestG(f, 6);
    if (verb == 'G')
      for (char& c : b) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!b.empty() && b[0] != '-') b = SignPrefix(false, sp) + b;
    return Pad(b, sp, true);
  }
  std::string fmt = "%";
  if (sp.plus) fmt += '+';
  if (sp.space) fmt += ' ';
  if (sp.sharp) fmt += '#';
  fmt += ".*";
  fmt += verb;
  char buf[512];
  int prec = sp.prec < 0 ? 6 : std::min(sp.prec, 300);
  std::snprintf(buf, sizeof buf, fmt.c_str(), prec, f);
  if (std::fabs(f) >= 1e300 && verb == 'f') {
    std::string big(std::max(1, std::snprintf(nullptr, 0, fmt.c_str(), prec, f)) + 1, '\0');
    std::snprintf(big.data(), big.size(), fmt.c_str(), prec, f);
    big.pop_back();
    return Pad(big, sp, true);
  }
  return Pad(buf, sp, true);
}

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    uint32_t c = DecodeRune(s, i);
    bool invalid = c == 0xFFFD && !(i - start == 3);
    if (invalid) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", static_cast<unsigned char>(s[start]));
      out += b;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char b[8];
          std::snprintf(b, sizeof b, "\\x%02x", c);
          out += b;
        } else if (c >= 0x80 && c < 0xA0) {
          char b[12];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          out += b;
        } else {
          out.append(s.substr(start, i - start));
        }
    }
  }
  return out + "\"";
}

std::string BadVerb(char verb, const Arg& a) {
  std::string v;
  switch (a.kind) {
    case Arg::kInt:
      v = std::to_string(a.i);
      break;
    case Arg::kFloat:
      v = ShortestG(a.f, 6);
      break;
    default:
      v = a.s;
  }
  return std::string("%!") + verb + "(" + GoTypeName(a) + "=" + v + ")";
}

std::string FormatOne(char verb, const Spec& sp, const Arg& a) {
  switch (verb) {
    case 'v':
      if (a.kind == Arg::kInt) return IntBase(a.i, 10, false, sp, 'd');
      if (a.kind == Arg::kBigInt) return Pad(a.s, sp, true);
      if (a.kind == Arg::kFloat) {
        std::string b = ShortestG(a.f, 6);
        if (b[0] != '-') b = SignPrefix(false, sp) + b;
        return Pad(b, sp, true);
      }
      [[fallthrough]];
    case 's':
      if (a.kind != Arg::kString) return BadVerb(verb, a);
      {
        std::string b = a.s;
        if (sp.prec >= 0) {
          size_t i = 0;
          for (int k = 0; k < sp.prec && i < b.size(); ++k) DecodeRune(b, i);
          b.resize(i);
        }
        return Pad(b, sp, false);
      }
    case 'q':
      if (a.kind == Arg::kString) return Pad(GoQuote(a.s), sp, false);
      if (a.kind == Arg::kInt) {
        std::string b = "'";
        AppendRune(b, static_cast<uint32_t>(a.i));
        return Pad(b + "'", sp, false);
      }
      return BadVerb(verb, a);
    case 'd':
      if (a.kind == Arg::kBigInt) return Pad(a.s, sp, true);
      if (a.kind != Arg::kInt) return BadVerb(verb, a);
      return IntBase(a.i, 10, false, sp, verb);
    case 'b':
    case 'o':
    case 'O':
      if (a.kind != Arg::kInt) return BadVerb(verb, a);
      {
        Spec s2 = sp;
        std::string pre = verb == 'O' ? "0o" : "";
        std::string b = IntBase(a.i, verb == 'b' ? 2 : 8, false, s2, verb);
        return pre.empty() ? b : (b[0] == '-' ? "-" + pre + b.substr(1) : pre + b);
      }
    case 'x':
    case 'X':
      if (a.kind == Arg::kInt) return IntBase(a.i, 16, verb == 'X', sp, verb);
      if (a.kind == Arg::kString) {
        std::string b;
        const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        for (unsigned char c : a.s) {
          if (sp.space && !b.empty()) b += ' ';
          if (sp.sharp && (sp.space || b.empty())) b += verb == 'X' ? "0X" : "0x";
          b += digits[c >> 4];
          b += digits[c & 15];
        }
        return Pad(b, sp, false);
      }
      {
        char buf[64];
        std::snprintf(buf, sizeof buf, verb == 'x' ? "%a" : "%A", a.f);
        return Pad(buf, sp, true);
      }
    case 'c':
      if (a.kind != Arg::kInt) return BadVerb(verb, a);
      {
        std::string b;
        AppendRune(b, static_cast<uint32_t>(a.i));
        return Pad(b, sp, false);
      }
    case 'U':
      if (a.kind != Arg::kInt) return BadVerb(verb, a);
      {
        char buf[32];
        std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(a.i));
        return Pad(buf, sp, false);
      }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (a.kind != Arg::kFloat) return BadVerb(verb, a);
      return CFloat(a.f, verb == 'F' ? 'f' : verb, sp);
    case 't':
      return BadVerb(verb, a);
    case 'T':
      return Pad(GoTypeName(a), sp, false);
    default:
      return BadVerb(verb, a);
  }
}

// nullopt when the result would exceed kMaxResultBytes.
std::optional<std::string> GoSprintf(std::string_view format, const std::vector<Arg>& args) {
  std::string out;
  size_t argi = 0;
  for (size_t i = 0; i < format.size();) {
    char c = format[i];
    if (c != '%') {
      size_t j = format.find('%', i);
      if (j == std::string_view::npos) j = format.size();
      out.append(format.substr(i, j - i));
      i = j;
      continue;
    }
    ++i;
    Spec sp;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '-')
        sp.minus = true;
      else if (f == '+')
        sp.plus = true;
      else if (f == ' ')
        sp.space = true;
      else if (f == '0')
        sp.zero = !sp.minus;
      else if (f == '#')
        sp.sharp = true;
      else
        break;
    }
    auto read_num = [&](int& dst) {
      if (i < format.size() && format[i] == '*') {
        ++i;
        if (argi < args.size() && args[argi].kind == Arg::kInt) {
          dst = static_cast<int>(std::min<int64_t>(args[argi].i, 10000));
          if (dst < 0 && &dst == &sp.width) {
            sp.minus = true;
            dst = -dst;
          }
        } else {
          out += "%!(BADWIDTH)";
        }
        ++argi;
        return;
      }
      int n = -1;
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
        n = (n < 0 ? 0 : n) * 10 + (format[i] - '0');
        if (n > 10000) n = 10000;
        ++i;
      }
      if (n >= 0) dst = n;
    };
    read_num(sp.width);
    if (i < format.size() && format[i] == '.') {
      ++i;
      sp.prec = 0;
      read_num(sp.prec);
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    size_t vs = i;
    DecodeRune(format, i);
    std::string_view verb_text = format.substr(vs, i - vs);
    char verb = verb_text.size() == 1 ? verb_text[0] : '?';
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (argi >= args.size()) {
      out += "%!";
      out += verb_text;
      out += "(MISSING)";
      continue;
    }
    out += FormatOne(verb, sp, args[argi++]);
    if (out.size() > kMaxResultBytes) return std::nullopt;
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      const Arg& a = args[k];
      out += GoTypeName(a) + "=";
      out += a.kind == Arg::kInt     ? std::to_string(a.i)
             : a.kind == Arg::kFloat ? ShortestG(a.f, 6)
                                     : a.s;
    }
    out += ")";
  }
  return out;
}

}  // namespace

void AddSprintfBuiltins(BuiltinRegistry& r) {
  Def(r, "sprintf", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("sprintf", 1, "string", a[0]);
    if (!a[1].is_array()) return OperandType("sprintf", 2, "array", a[1]);
    std::vector<Arg> args;
    args.reserve(a[1].array().size());
    for (const Value& v : a[1].array()) {
      Arg x{Arg::kString};
      if (v.is_int()) {
        x.kind = Arg::kInt;
        x.i = v.int_value();
      } else if (v.is_number() && std::trunc(v.number()) == v.number() &&
                 std::fabs(v.number()) < 1e300) {
        // OPA passes integers beyond int64 as *big.Int: "%d" and "%v" print every digit.
        x.kind = Arg::kBigInt;
        char buf[320];
        std::snprintf(buf, sizeof buf, "%.0f", v.number());
        x.s = buf;
      } else if (v.is_number()) {
        x.kind = Arg::kFloat;
        x.f = v.number();
      } else if (v.is_string()) {
        x.s = v.string();
      } else {
        x.s = v.ToRego();
      }
      args.push_back(std::move(x));
    }
    std::optional<std::string> out = GoSprintf(a[0].string(), args);
    if (!out) return TooLarge("sprintf");
    return Str(std::move(*out));
  });
}

}  // namespace attestfs::rego::builtins

// glob.match (gobwas/glob syntax as OPA uses it: * ? ** [abc] [!a-z] {a,b} \x, with separator
// runes; delimiters [] means ["."], null means none) compiled to an anchored RE2 pattern and
// cached in the memo; glob.quote_meta.
#include <re2/re2.h>

#include <cstdio>
#include <memory>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

std::string RuneEscape(uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%x}", c);
  return buf;
}

// Translates a glob to RE2 syntax; false (with `error`) on a malformed glob.
bool GlobToRegex(std::string_view g, const std::vector<uint32_t>& seps, std::string& out,
                 std::string& error) {
  std::string not_sep;
  if (seps.empty()) {
    not_sep = "[\\x{0}-\\x{10ffff}]";
  } else {
    not_sep = "[^";
    for (uint32_t s : seps) not_sep += RuneEscape(s);
    not_sep += "]";
  }
  int depth = 0;
  for (size_t i = 0; i < g.size();) {
    char c = g[i];
    if (c == '\\') {
      ++i;
      if (i >= g.size()) {
        error = "unexpected end of input";
        return false;
      }
      out += RuneEscape(DecodeRune(g, i));
    } else if (c == '*') {
      if (i + 1 < g.size() && g[i + 1] == '*') {
        out += "(?s:.*)";
        i += 2;
        while (i < g.size() && g[i] == '*') ++i;
      } else {
        out += not_sep + "*";
        ++i;
      }
    } else if (c == '?') {
      out += not_sep;
      ++i;
    } else if (c == '[') {
      ++i;
      bool neg = i < g.size() && g[i] == '!';
      if (neg) ++i;
      std::string cls = neg ? "[^" : "[";
      bool closed = false, any = false;
      while (i < g.size()) {
        if (g[i] == ']') {
          closed = true;
          ++i;
          break;
        }
        uint32_t lo = DecodeRune(g, i);
        cls += RuneEscape(lo);
        any = true;
        if (i + 1 < g.size() && g[i] == '-' && g[i + 1] != ']') {
          ++i;
          uint32_t hi = DecodeRune(g, i);
          if (hi < lo) {
            error = "invalid range";
            return false;
          }
          cls += "-" + RuneEscape(hi);
        }
      }
      if (!closed || !any) {
        error = closed ? "empty character class" : "unexpected end of input";
        return false;
      }
      out += cls + "]";
    } else if (c == '{') {
      ++depth;
      out += "(?:";
      ++i;
    } else if (c == '}' && depth > 0) {
      --depth;
      out += ")";
      ++i;
    } else if (c == ',' && depth > 0) {
      out += "|";
      ++i;
    } else {
      out += RuneEscape(DecodeRune(g, i));
    }
  }
  if (depth != 0) {
    error = "unexpected end of input";
    return false;
  }
  return true;
}

}  // namespace

void AddGlobBuiltins(BuiltinRegistry& r) {
  Def(r, "glob.match", 3, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "glob.match";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    std::vector<uint32_t> seps;
    if (a[1].is_array()) {
      for (const Value& d : a[1].array()) {
        if (!d.is_string()) return OperandElement(fn, 2, a[1], "string", d);
        for (uint32_t c : Runes(d.string())) seps.push_back(c);
      }
      if (seps.empty()) seps.push_back('.');
    } else if (!a[1].is_null()) {
      return OperandOneOf(fn, 2, "array, null", a[1]);
    }
    if (!a[2].is_string()) return OperandType(fn, 3, "string", a[2]);
    std::string key = "glob:" + a[0].string() + "\x1f";
    for (uint32_t s : seps) AppendRune(key, s);
    std::shared_ptr<const RE2> re;
    if (ctx.memo) {
      auto it = ctx.memo->find(key);
      if (it != ctx.memo->end()) re = std::static_pointer_cast<const RE2>(it->second);
    }
    if (!re) {
      std::string pattern = "^", error;
      if (!GlobToRegex(a[0].string(), seps, pattern, error)) return Fail(fn, error);
      pattern += "$";
      RE2::Options opt;
      opt.set_log_errors(false);
      opt.set_max_mem(64 << 20);
      re = std::make_shared<const RE2>(pattern, opt);
      if (!re->ok()) return Fail(fn, re->error());
      if (ctx.memo && ctx.memo->size() < 4096)
        (*ctx.memo)[key] = std::static_pointer_cast<void>(std::const_pointer_cast<RE2>(re));
    }
    return Bool(RE2::FullMatch(a[2].string(), *re));
  });
  Def(r, "glob.quote_meta", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("glob.quote_meta", 1, "string", a[0]);
    std::string out;
    for (char c : a[0].string()) {
      if (c == '*' || c == '?' || c == '\\' || c == '[' || c == ']' || c == '{' || c == '}')
        out += '\\';
      out += c;
    }
    return Str(std::move(out));
  });
}

}  // namespace attestfs::rego::builtins

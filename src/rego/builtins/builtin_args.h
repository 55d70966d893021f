// Internal helpers for the builtin families (src/rego/builtins/*.cc): registration shorthand and
// OPA's operand error texts ("<name>: operand 1 must be array of strings but got array containing
// number"), so every family words its type errors exactly as OPA's topdown does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "rego/builtin_context.h"
#include "rego/builtin_registry.h"
#include "rego/builtin_result.h"
#include "rego/value.h"

namespace attestfs::rego::builtins {

using Args = std::vector<Value>;

// Registers a deterministic function builtin.
inline void Def(BuiltinRegistry& r, std::string name, int arity, BuiltinFn fn) {
  BuiltinDef d;
  d.name = std::move(name);
  d.arity = arity;
  d.fn = std::move(fn);
  r.Add(std::move(d));
}

// "<fn>: operand <pos> must be <expected> but got <type>".
inline BuiltinResult OperandType(std::string_view fn, int pos, std::string_view expected,
                                 const Value& got) {
  std::string m(fn);
  m += ": operand " + std::to_string(pos) + " must be " + std::string(expected) + " but got " +
       got.TypeName();
  return BuiltinResult::TypeError(std::move(m));
}

// "<fn>: operand <pos> must be one of {a, b} but got <type>"; `list` is "a, b".
inline BuiltinResult OperandOneOf(std::string_view fn, int pos, std::string_view list,
                                  const Value& got) {
  return OperandType(fn, pos, "one of {" + std::string(list) + "}", got);
}

// "<fn>: operand <pos> must be <ctype> of <elem>s but got <ctype> containing <type>".
inline BuiltinResult OperandElement(std::string_view fn, int pos, const Value& composite,
                                    std::string_view elem, const Value& got) {
  std::string c = composite.TypeName();
  std::string m(fn);
  m += ": operand " + std::to_string(pos) + " must be " + c + " of " + std::string(elem) +
       "s but got " + c + " containing " + got.TypeName();
  return BuiltinResult::TypeError(std::move(m));
}

// "<fn>: operand <pos> <text>" as a type error.
inline BuiltinResult OperandMsg(std::string_view fn, int pos, std::string_view text) {
  return BuiltinResult::TypeError(std::string(fn) + ": operand " + std::to_string(pos) + " " +
                                  std::string(text));
}

// "<fn>: <text>" as a builtin error.
inline BuiltinResult Fail(std::string_view fn, std::string_view text) {
  return BuiltinResult::Error(std::string(fn) + ": " + std::string(text));
}

// Integral value of a number operand (integral doubles included), or nullopt.
inline std::optional<int64_t> AsInt(const Value& v) {
  if (!v.is_number()) return std::nullopt;
  if (v.is_int()) return v.int_value();
  double d = v.number();
  if (d != d || d < -9.2e18 || d > 9.2e18 || static_cast<double>(static_cast<int64_t>(d)) != d)
    return std::nullopt;
  return static_cast<int64_t>(d);
}

// Elements of an array or set, in order (sets sorted).
inline std::vector<Value> Elements(const Value& v) {
  if (v.is_array()) return v.array();
  if (v.is_set()) return {v.set().begin(), v.set().end()};
  return {};
}

// Largest string a builtin builds (replace, sprintf, regex.replace...): hostile operands could
// otherwise ask for terabytes.
constexpr size_t kMaxResultBytes = size_t{64} << 20;

inline BuiltinResult TooLarge(std::string_view fn) {
  return BuiltinResult::Halt("eval_builtin_error", std::string(fn) + ": result too large");
}

inline Value Str(std::string s) { return Value::String(std::move(s)); }
inline Value Bool(bool b) { return Value::Bool(b); }

// True when the evaluation's deadline has passed.
inline bool Cancelled(const BuiltinContext& ctx) { return ctx.cancelled && ctx.cancelled(); }

inline BuiltinResult CancelError(std::string_view fn) {
  return BuiltinResult::Halt("eval_cancel_error",
                             std::string(fn) + ": caller cancelled query execution");
}

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as U+FFFD (one byte).
inline uint32_t DecodeRune(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int n = (c >= 0xF0 && c < 0xF8) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : -1;
  if (n < 0 || i + static_cast<size_t>(n) >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += n + 1;
  return cp;
}

inline void AppendRune(std::string& out, uint32_t cp) { AppendUtf8(out, cp); }

inline std::vector<uint32_t> Runes(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(DecodeRune(s, i));
  return out;
}

inline size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    DecodeRune(s, i);
    ++n;
  }
  return n;
}

}  // namespace attestfs::rego::builtins

// Encoding builtins: base64.encode/decode/is_valid, base64url.encode/encode_no_pad/decode,
// hex.encode/decode, urlquery.encode/decode/encode_object/decode_object (Go's encoding/base64,
// encoding/hex and net/url semantics as OPA uses them).
#include <algorithm>
#include <cstdio>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string B64Encode(std::string_view in, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  size_t rest = in.size() - i;
  if (rest) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (rest == 2) v |= uint8_t(in[i + 1]) << 8;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
    if (pad) out += rest == 2 ? "=" : "==";
  }
  return out;
}

// Go's Encoding.DecodeString (strict padding when `pad`; \r and \n skipped). On failure returns
// false with the offending input byte offset.
bool B64Decode(std::string_view in, const char* alphabet, bool pad, std::string& out, size_t& bad) {
  int8_t rev[256];
  std::fill(std::begin(rev), std::end(rev), -1);
  for (int i = 0; i < 64; ++i) rev[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  uint32_t acc = 0;
  int n = 0;
  size_t padding_at = std::string_view::npos;
  size_t pads = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (!pad || n < 2) {
        bad = i;
        return false;
      }
      if (padding_at == std::string_view::npos) padding_at = i;
      ++pads;
      continue;
    }
    if (padding_at != std::string_view::npos) {
      bad = i;
      return false;
    }
    int8_t v = rev[static_cast<uint8_t>(c)];
    if (v < 0) {
      bad = i;
      return false;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    if (++n == 4) {
      out += static_cast<char>(acc >> 16);
      out += static_cast<char>((acc >> 8) & 0xFF);
      out += static_cast<char>(acc & 0xFF);
      acc = 0;
      n = 0;
    }
  }
  if (n == 1) {
    bad = in.size();
    return false;
  }
  if (pad && n != 0 && pads != static_cast<size_t>(4 - n)) {
    bad = in.size();
    return false;
  }
  if (pad && n == 0 && pads != 0) {
    bad = padding_at;
    return false;
  }
  if (n == 2) out += static_cast<char>(acc >> 4);
  if (n == 3) {
    out += static_cast<char>(acc >> 10);
    out += static_cast<char>((acc >> 2) & 0xFF);
  }
  return true;
}

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += "0123456789ABCDEF"[c >> 4];
      out += "0123456789ABCDEF"[c & 15];
    }
  }
  return out;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's url.QueryUnescape; false with the bad escape in `err`.
bool QueryUnescape(std::string_view s, std::string& out, std::string& err) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size() || HexVal(s[i + 1]) < 0 || HexVal(s[i + 2]) < 0) {
        std::string_view e = s.substr(i, 3);
        err = "invalid URL escape " + Value::String(std::string(e)).ToJson();
        return false;
      }
      out += static_cast<char>(HexVal(s[i + 1]) * 16 + HexVal(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

// Go's hex.InvalidByteError text: "encoding/hex: invalid byte: U+0067 'g'".
std::string HexByteError(char c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'",
                static_cast<unsigned char>(c), c);
  return buf;
}

}  // namespace

void AddEncodingBuiltins(BuiltinRegistry& r) {
  Def(r, "base64.encode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64.encode", 1, "string", a[0]);
    return Str(B64Encode(a[0].string(), kStd, true));
  });
  Def(r, "base64.decode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64.decode", 1, "string", a[0]);
    std::string out;
    size_t bad = 0;
    if (!B64Decode(a[0].string(), kStd, true, out, bad))
      return Fail("base64.decode", "illegal base64 data at input byte " + std::to_string(bad));
    return Str(std::move(out));
  });
  Def(r, "base64.is_valid", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64.is_valid", 1, "string", a[0]);
    std::string out;
    size_t bad = 0;
    return Bool(B64Decode(a[0].string(), kStd, true, out, bad));
  });
  Def(r, "base64url.encode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64url.encode", 1, "string", a[0]);
    return Str(B64Encode(a[0].string(), kUrl, true));
  });
  Def(r, "base64url.encode_no_pad", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64url.encode_no_pad", 1, "string", a[0]);
    return Str(B64Encode(a[0].string(), kUrl, false));
  });
  Def(r, "base64url.decode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("base64url.decode", 1, "string", a[0]);
    const std::string& s = a[0].string();
    std::string out;
    size_t bad = 0;
    bool ok = s.find('=') != std::string::npos || s.size() % 4 == 0
                  ? B64Decode(s, kUrl, true, out, bad)
                  : B64Decode(s, kUrl, false, out, bad);
    if (!ok)
      return Fail("base64url.decode", "illegal base64 data at input byte " + std::to_string(bad));
    return Str(std::move(out));
  });
  Def(r, "hex.encode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("hex.encode", 1, "string", a[0]);
    std::string out;
    out.reserve(a[0].string().size() * 2);
    for (unsigned char c : a[0].string()) {
      out += "0123456789abcdef"[c >> 4];
      out += "0123456789abcdef"[c & 15];
    }
    return Str(std::move(out));
  });
  Def(r, "hex.decode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("hex.decode", 1, "string", a[0]);
    const std::string& s = a[0].string();
    std::string out;
    for (size_t i = 0; i < s.size(); i += 2) {
      int hi = HexVal(s[i]);
      if (hi < 0) return Fail("hex.decode", HexByteError(s[i]));
      if (i + 1 >= s.size()) return Fail("hex.decode", "encoding/hex: odd length hex string");
      int lo = HexVal(s[i + 1]);
      if (lo < 0) return Fail("hex.decode", HexByteError(s[i + 1]));
      out += static_cast<char>(hi * 16 + lo);
    }
    return Str(std::move(out));
  });
  Def(r, "urlquery.encode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("urlquery.encode", 1, "string", a[0]);
    return Str(QueryEscape(a[0].string()));
  });
  Def(r, "urlquery.decode", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("urlquery.decode", 1, "string", a[0]);
    std::string out, err;
    if (!QueryUnescape(a[0].string(), out, err)) return Fail("urlquery.decode", err);
    return Str(std::move(out));
  });
  Def(r, "urlquery.encode_object", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "urlquery.encode_object";
    if (!a[0].is_object()) return OperandType(fn, 1, "object", a[0]);
    std::string out;
    auto add = [&](const std::string& k, const std::string& v) {
      if (!out.empty()) out += '&';
      out += QueryEscape(k) + "=" + QueryEscape(v);
    };
    for (const auto& [k, v] : a[0].object()) {
      if (!k.is_string()) return OperandMsg(fn, 1, "must be object of strings");
      if (v.is_string()) {
        add(k.string(), v.string());
      } else if (v.is_array() || v.is_set()) {
        for (const Value& x : Elements(v)) {
          if (!x.is_string()) return OperandElement(fn, 1, v, "string", x);
          add(k.string(), x.string());
        }
      } else {
        return OperandOneOf(fn, 1, "string, array, set", v);
      }
    }
    return Str(std::move(out));
  });
  Def(r, "urlquery.decode_object", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "urlquery.decode_object";
    if (!a[0].is_string()) return OperandType(fn, 1, "string", a[0]);
    std::map<std::string, Array> vals;
    std::string_view s = a[0].string();
    while (!s.empty()) {
      size_t amp = s.find('&');
      std::string_view kv = s.substr(0, amp);
      s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
      if (kv.empty()) continue;
      if (kv.find(';') != std::string_view::npos)
        return Fail(fn, "invalid semicolon separator in query");
      size_t eq = kv.find('=');
      std::string k, v, err;
      if (!QueryUnescape(kv.substr(0, eq), k, err)) return Fail(fn, err);
      if (eq != std::string_view::npos && !QueryUnescape(kv.substr(eq + 1), v, err))
        return Fail(fn, err);
      vals[k].push_back(Str(std::move(v)));
    }
    Object out;
    for (auto& [k, v] : vals) out.emplace(Str(k), Value::FromArray(std::move(v)));
    return Value::FromObject(std::move(out));
  });
}

}  // namespace attestfs::rego::builtins

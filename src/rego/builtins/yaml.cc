// YAML builtins: yaml.marshal (block style as Go's sigs.k8s.io/yaml prints it), yaml.unmarshal
// and yaml.is_valid (yaml-cpp reader, YAML 1.1 scalars as Go's yaml.v2 resolves them, keys as
// strings, bounded depth and node count against alias bombs).
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

constexpr int kMaxDepth = 256;
constexpr size_t kMaxNodes = 1'000'000;

bool IsNull(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

int BoolOf(const std::string& s) {
  static const char* const kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                      "True", "TRUE", "on",  "On",  "ON"};
  static const char* const kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                       "False", "FALSE", "off", "Off", "OFF"};
  for (const char* t : kTrue)
    if (s == t) return 1;
  for (const char* f : kFalse)
    if (s == f) return 0;
  return -1;
}

bool NumberOf(const std::string& s0, Value& out) {
  std::string s;
  for (char c : s0)
    if (c != '_') s += c;
  if (s.empty()) return false;
  std::string_view b = s;
  bool neg = false;
  if (b[0] == '+' || b[0] == '-') {
    neg = b[0] == '-';
    b.remove_prefix(1);
  }
  if (b == ".inf" || b == ".Inf" || b == ".INF" || b == ".nan" || b == ".NaN" || b == ".NAN")
    return false;
  if (b.empty()) return false;
  int base = 10;
  if (b.size() > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X'))
    base = 16, b.remove_prefix(2);
  else if (b.size() > 2 && b[0] == '0' && (b[1] == 'o' || b[1] == 'O'))
    base = 8, b.remove_prefix(2);
  else if (b.size() > 2 && b[0] == '0' && (b[1] == 'b' || b[1] == 'B'))
    base = 2, b.remove_prefix(2);
  bool all_digits = true;
  for (char c : b)
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        (base == 10 && !std::isdigit(static_cast<unsigned char>(c))))
      all_digits = false;
  if (all_digits) {
    if (base == 10 && b.size() > 1 && b[0] == '0') base = 8;
    errno = 0;
    char* end = nullptr;
    std::string digits(b);
    unsigned long long v = std::strtoull(digits.c_str(), &end, base);
    if (errno == 0 && *end == '\0' && v <= 9223372036854775807ULL) {
      out = Value::Int(neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v));
      return true;
    }
    if (base != 10 && base != 8) return false;
  }
  // float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  size_t i = 0;
  bool digits = false;
  while (i < b.size() && std::isdigit(static_cast<unsigned char>(b[i]))) ++i, digits = true;
  if (i < b.size() && b[i] == '.') {
    ++i;
    while (i < b.size() && std::isdigit(static_cast<unsigned char>(b[i]))) ++i, digits = true;
  }
  if (!digits) return false;
  if (i < b.size() && (b[i] == 'e' || b[i] == 'E')) {
    ++i;
    if (i < b.size() && (b[i] == '+' || b[i] == '-')) ++i;
    bool ed = false;
    while (i < b.size() && std::isdigit(static_cast<unsigned char>(b[i]))) ++i, ed = true;
    if (!ed) return false;
  }
  if (i != b.size()) return false;
  double d = std::strtod(s.c_str(), nullptr);
  if (std::isinf(d)) return false;
  out = Value::Float(d);
  return true;
}

Value Scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  const std::string& tag = n.Tag();
  if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str") return Value::String(s);
  if (tag == "?" || tag.empty()) {
    if (IsNull(s)) return Value::Null();
    int b = BoolOf(s);
    if (b >= 0) return Value::Bool(b == 1);
    Value num;
    if (NumberOf(s, num)) return num;
  }
  return Value::String(s);
}

std::string KeyText(const YAML::Node& k) {
  if (k.IsScalar()) {
    Value v = Scalar(k);
    if (v.is_string()) return v.string();
    if (v.is_null()) return "null";
    return v.ToJson();
  }
  return YAML::Dump(k);
}

struct Converter {
  size_t nodes = 0;
  std::string error;

  bool Convert(const YAML::Node& n, int depth, Value& out) {
    if (++nodes > kMaxNodes) {
      error = "yaml: document too large";
      return false;
    }
    if (depth > kMaxDepth) {
      error = "yaml: exceeded max depth of " + std::to_string(kMaxDepth);
      return false;
    }
    switch (n.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out = Value::Null();
        return true;
      case YAML::NodeType::Scalar:
        out = Scalar(n);
        return true;
      case YAML::NodeType::Sequence: {
        Array a;
        a.reserve(n.size());
        for (const auto& x : n) {
          Value v;
          if (!Convert(x, depth + 1, v)) return false;
          a.push_back(std::move(v));
        }
        out = Value::FromArray(std::move(a));
        return true;
      }
      case YAML::NodeType::Map: {
        Object o;
        for (const auto& kv : n) {
          Value v;
          if (!Convert(kv.second, depth + 1, v)) return false;
          o[Value::String(KeyText(kv.first))] = std::move(v);
        }
        out = Value::FromObject(std::move(o));
        return true;
      }
    }
    return false;
  }
};

std::string GoStyleError(const YAML::Exception& e) {
  std::string msg = e.msg;
  if (msg == "end of sequence flow not found")
    msg = "did not find expected ',' or ']'";
  else if (msg == "end of map flow not found")
    msg = "did not find expected ',' or '}'";
  int line = e.mark.is_null() ? 0 : e.mark.line + 1;
  return "yaml: line " + std::to_string(line) + ": " + msg;
}

bool Load(const std::string& text, Value& out, std::string& error) {
  // A cheap guard before yaml-cpp recurses: flow nesting deeper than the limit is refused.
  int depth = 0, max_depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    if (c == ']' || c == '}') --depth;
  }
  if (max_depth > kMaxDepth) {
    error = "yaml: exceeded max depth of " + std::to_string(kMaxDepth);
    return false;
  }
  try {
    YAML::Node n = YAML::Load(text);
    Converter c;
    if (!c.Convert(n, 0, out)) {
      error = c.error;
      return false;
    }
    return true;
  } catch (const YAML::Exception& e) {
    error = GoStyleError(e);
  } catch (const std::exception& e) {
    error = std::string("yaml: ") + e.what();
  }
  return false;
}

// ---- emitter ----

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  if (IsNull(s) || BoolOf(s) >= 0) return true;
  Value num;
  if (NumberOf(s, num)) return true;
  std::string_view special = "-?:,[]{}#&*!|>'\"%@`";
  if (special.find(s[0]) != std::string_view::npos && !(s[0] == '-' && s.size() > 1 && s[1] != ' '))
    return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  std::string lower;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == ".inf" || lower == "-.inf" || lower == "+.inf" || lower == ".nan") return true;
  return false;
}

std::string ScalarText(const Value& v) {
  if (v.is_string()) return NeedsQuotes(v.string()) ? v.ToJson() : v.string();
  return v.ToJson();
}

bool IsEmptyCollection(const Value& v) {
  return (v.is_array() || v.is_set() || v.is_object()) && v.size() == 0;
}

void Emit(const Value& v, int indent, std::string& out);

void EmitSeq(const std::vector<Value>& elems, int indent, std::string& out) {
  std::string pad(indent, ' ');
  for (const Value& x : elems) {
    out += pad + "-";
    if ((x.is_array() || x.is_set() || x.is_object()) && !IsEmptyCollection(x)) {
      std::string sub;
      Emit(x, indent + 2, sub);
      // First line joins the dash.
      out += " " + sub.substr(indent + 2);
    } else {
      out += " " +
             (IsEmptyCollection(x) ? std::string(x.is_object() ? "{}" : "[]") : ScalarText(x)) +
             "\n";
    }
  }
}

void Emit(const Value& v, int indent, std::string& out) {
  std::string pad(indent, ' ');
  if (v.is_object()) {
    if (v.object().empty()) {
      out += pad + "{}\n";
      return;
    }
    for (const auto& [k, x] : v.object()) {
      std::string key = k.is_string() ? k.string() : k.ToJson();
      out += pad + (NeedsQuotes(key) ? Value::String(key).ToJson() : key) + ":";
      if (IsEmptyCollection(x)) {
        out += std::string(" ") + (x.is_object() ? "{}" : "[]") + "\n";
      } else if (x.is_object()) {
        out += "\n";
        Emit(x, indent + 2, out);
      } else if (x.is_array() || x.is_set()) {
        out += "\n";
        EmitSeq(Elements(x), indent, out);
      } else {
        out += " " + ScalarText(x) + "\n";
      }
    }
  } else if (v.is_array() || v.is_set()) {
    if (v.size() == 0) {
      out += pad + "[]\n";
      return;
    }
    EmitSeq(Elements(v), indent, out);
  } else {
    out += pad + ScalarText(v) + "\n";
  }
}

}  // namespace

void AddYamlBuiltins(BuiltinRegistry& r) {
  Def(r, "yaml.marshal", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    std::string out;
    Emit(a[0], 0, out);
    return Str(std::move(out));
  });
  Def(r, "yaml.unmarshal", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("yaml.unmarshal", 1, "string", a[0]);
    Value out;
    std::string err;
    if (!Load(a[0].string(), out, err)) return Fail("yaml.unmarshal", err);
    return out;
  });
  Def(r, "yaml.is_valid", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return Bool(false);
    Value out;
    std::string err;
    return Bool(Load(a[0].string(), out, err));
  });
}

}  // namespace attestfs::rego::builtins

// Value: storage, OPA's total order, hashing, JSON/Rego-term printing and a strict JSON reader
// that builds Values directly (no intermediate DOM, nesting bounded).
#include "rego/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <variant>

#include "base/utf8.h"

namespace attestfs::rego {

struct Value::Node {
  std::variant<std::string, Array, Object, Set> v;
};

namespace {

constexpr double kMaxExactInt = 9007199254740992.0;  // 2^53

const std::string& EmptyString() {
  static const std::string s;
  return s;
}
const Array& EmptyArray() {
  static const Array a;
  return a;
}
const Object& EmptyObject() {
  static const Object o;
  return o;
}
const Set& EmptySet() {
  static const Set s;
  return s;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
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
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

size_t Mix(size_t h, size_t v) { return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); }

}  // namespace

Value::Value() = default;

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.is_int_ = true;
  v.i_ = i;
  v.d_ = static_cast<double>(i);
  return v;
}

Value Value::Float(double d) {
  if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= kMaxExactInt) {
    return Int(static_cast<int64_t>(d));
  }
  Value v;
  v.kind_ = Kind::kNumber;
  v.d_ = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.node_ = std::make_shared<const Node>(Node{std::move(s)});
  return v;
}

Value Value::FromArray(Array a) {
  Value v;
  v.kind_ = Kind::kArray;
  v.node_ = std::make_shared<const Node>(Node{std::move(a)});
  return v;
}

Value Value::FromObject(Object o) {
  Value v;
  v.kind_ = Kind::kObject;
  v.node_ = std::make_shared<const Node>(Node{std::move(o)});
  return v;
}

Value Value::FromSet(Set s) {
  Value v;
  v.kind_ = Kind::kSet;
  v.node_ = std::make_shared<const Node>(Node{std::move(s)});
  return v;
}

double Value::number() const { return is_int_ ? static_cast<double>(i_) : d_; }

const std::string& Value::string() const {
  if (kind_ != Kind::kString || !node_) return EmptyString();
  return std::get<std::string>(node_->v);
}
const Array& Value::array() const {
  if (kind_ != Kind::kArray || !node_) return EmptyArray();
  return std::get<Array>(node_->v);
}
const Object& Value::object() const {
  if (kind_ != Kind::kObject || !node_) return EmptyObject();
  return std::get<Object>(node_->v);
}
const Set& Value::set() const {
  if (kind_ != Kind::kSet || !node_) return EmptySet();
  return std::get<Set>(node_->v);
}

const Value* Value::Get(const Value& key) const {
  switch (kind_) {
    case Kind::kObject: {
      const Object& o = object();
      auto it = o.find(key);
      return it == o.end() ? nullptr : &it->second;
    }
    case Kind::kArray: {
      if (!key.is_int()) return nullptr;
      const Array& a = array();
      int64_t i = key.int_value();
      if (i < 0 || static_cast<uint64_t>(i) >= a.size()) return nullptr;
      return &a[static_cast<size_t>(i)];
    }
    case Kind::kSet: {
      const Set& s = set();
      auto it = s.find(key);
      return it == s.end() ? nullptr : &*it;
    }
    default:
      return nullptr;
  }
}

size_t Value::size() const {
  switch (kind_) {
    case Kind::kString:
      return string().size();
    case Kind::kArray:
      return array().size();
    case Kind::kObject:
      return object().size();
    case Kind::kSet:
      return set().size();
    default:
      return 0;
  }
}

int Value::Compare(const Value& o) const {
  if (kind_ != o.kind_) return kind_ < o.kind_ ? -1 : 1;
  switch (kind_) {
    case Kind::kNull:
      return 0;
    case Kind::kBool:
      return b_ == o.b_ ? 0 : (b_ ? 1 : -1);
    case Kind::kNumber: {
      if (is_int_ && o.is_int_) return i_ == o.i_ ? 0 : (i_ < o.i_ ? -1 : 1);
      double a = number(), b = o.number();
      return a == b ? 0 : (a < b ? -1 : 1);
    }
    case Kind::kString: {
      int c = string().compare(o.string());
      return c == 0 ? 0 : (c < 0 ? -1 : 1);
    }
    default:
      break;
  }
  if (node_ == o.node_) return 0;
  switch (kind_) {
    case Kind::kArray: {
      const Array& a = array();
      const Array& b = o.array();
      size_t n = std::min(a.size(), b.size());
      for (size_t i = 0; i < n; ++i) {
        int c = a[i].Compare(b[i]);
        if (c != 0) return c;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    case Kind::kObject: {
      // OPA: compare sorted keys pairwise, then the values of equal keys, then lengths.
      const Object& a = object();
      const Object& b = o.object();
      auto ia = a.begin();
      auto ib = b.begin();
      for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
        int c = ia->first.Compare(ib->first);
        if (c != 0) return c;
        c = ia->second.Compare(ib->second);
        if (c != 0) return c;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    case Kind::kSet: {
      const Set& a = set();
      const Set& b = o.set();
      auto ia = a.begin();
      auto ib = b.begin();
      for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
        int c = ia->Compare(*ib);
        if (c != 0) return c;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    default:
      return 0;
  }
}

size_t Value::Hash() const {
  size_t h = static_cast<size_t>(kind_) * 0x100000001b3ULL;
  switch (kind_) {
    case Kind::kNull:
      return h;
    case Kind::kBool:
      return Mix(h, b_ ? 1 : 2);
    case Kind::kNumber:
      return Mix(h, std::hash<double>{}(number()));
    case Kind::kString:
      return Mix(h, std::hash<std::string>{}(string()));
    case Kind::kArray:
      for (const auto& e : array()) h = Mix(h, e.Hash());
      return h;
    case Kind::kObject:
      for (const auto& [k, v] : object()) h = Mix(Mix(h, k.Hash()), v.Hash());
      return h;
    case Kind::kSet:
      for (const auto& e : set()) h = Mix(h, e.Hash());
      return h;
  }
  return h;
}

const char* Value::TypeName() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kArray:
      return "array";
    case Kind::kObject:
      return "object";
    case Kind::kSet:
      return "set";
  }
  return "null";
}

std::string Value::NumberText() const {
  if (is_int_) return std::to_string(i_);
  if (!std::isfinite(d_)) return std::isnan(d_) ? "NaN" : (d_ > 0 ? "+Inf" : "-Inf");
  char buf[64];
  if (std::floor(d_) == d_ && std::fabs(d_) < 1e21) {
    std::snprintf(buf, sizeof buf, "%.0f", d_);
    return buf;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, d_);
  return std::string(buf, r.ptr);
}

namespace {

void AppendJson(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += v.boolean() ? "true" : "false";
      return;
    case Kind::kNumber:
      out += v.NumberText();
      return;
    case Kind::kString:
      AppendJsonString(out, v.string());
      return;
    case Kind::kArray: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kSet: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.set()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.object()) {
        if (!first) out.push_back(',');
        first = false;
        if (k.is_string()) {
          AppendJsonString(out, k.string());
        } else {
          AppendJsonString(out, k.ToJson());
        }
        out.push_back(':');
        AppendJson(out, e);
      }
      out.push_back('}');
      return;
    }
  }
}

void AppendRego(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kArray: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.array()) {
        if (!first) out += ", ";
        first = false;
        AppendRego(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kSet: {
      if (v.set().empty()) {
        out += "set()";
        return;
      }
      out.push_back('{');
      bool first = true;
      for (const auto& e : v.set()) {
        if (!first) out += ", ";
        first = false;
        AppendRego(out, e);
      }
      out.push_back('}');
      return;
    }
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.object()) {
        if (!first) out += ", ";
        first = false;
        AppendRego(out, k);
        out += ": ";
        AppendRego(out, e);
      }
      out.push_back('}');
      return;
    }
    default:
      AppendJson(out, v);
  }
}

// A strict RFC 8259 reader producing Values.
class JsonReader {
 public:
  JsonReader(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  Result<Value> ReadDocument() {
    SkipWs();
    Value v;
    if (!ReadValue(v, 0)) return Fail();
    SkipWs();
    if (pos_ != s_.size()) {
      err_ = "unexpected data after the JSON value";
      return Fail();
    }
    return v;
  }

 private:
  Error Fail() const {
    return Error(Errc::kMalformed, "JSON: " + err_ + " at offset " + std::to_string(pos_));
  }

  void SkipWs() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      err_ = "invalid literal";
      return false;
    }
    pos_ += word.size();
    return true;
  }

  bool ReadValue(Value& out, int depth) {
    if (pos_ >= s_.size()) {
      err_ = "unexpected end of input";
      return false;
    }
    char c = s_[pos_];
    switch (c) {
      case 'n':
        if (!Literal("null")) return false;
        out = Value();
        return true;
      case 't':
        if (!Literal("true")) return false;
        out = Value::Bool(true);
        return true;
      case 'f':
        if (!Literal("false")) return false;
        out = Value::Bool(false);
        return true;
      case '"': {
        std::string str;
        if (!ReadString(str)) return false;
        out = Value::String(std::move(str));
        return true;
      }
      case '[':
      case '{':
        if (depth + 1 > max_depth_) {
          err_ = "JSON nested deeper than " + std::to_string(max_depth_) + " levels";
          return false;
        }
        return c == '[' ? ReadArray(out, depth + 1) : ReadObject(out, depth + 1);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(out);
        err_ = "unexpected character";
        return false;
    }
  }

  bool ReadArray(Value& out, int depth) {
    ++pos_;
    Array a;
    SkipWs();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = Value::FromArray(std::move(a));
      return true;
    }
    for (;;) {
      SkipWs();
      Value e;
      if (!ReadValue(e, depth)) return false;
      a.push_back(std::move(e));
      SkipWs();
      if (pos_ >= s_.size()) {
        err_ = "unterminated array";
        return false;
      }
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        out = Value::FromArray(std::move(a));
        return true;
      }
      err_ = "expected , or ] in array";
      return false;
    }
  }

  bool ReadObject(Value& out, int depth) {
    ++pos_;
    Object o;
    SkipWs();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Value::FromObject(std::move(o));
      return true;
    }
    for (;;) {
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        err_ = "expected a string key in object";
        return false;
      }
      std::string key;
      if (!ReadString(key)) return false;
      SkipWs();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        err_ = "expected : in object";
        return false;
      }
      ++pos_;
      SkipWs();
      Value e;
      if (!ReadValue(e, depth)) return false;
      o.insert_or_assign(Value::String(std::move(key)), std::move(e));  // last duplicate wins
      SkipWs();
      if (pos_ >= s_.size()) {
        err_ = "unterminated object";
        return false;
      }
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        out = Value::FromObject(std::move(o));
        return true;
      }
      err_ = "expected , or } in object";
      return false;
    }
  }

  bool ReadHex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) {
      err_ = "truncated \\u escape";
      return false;
    }
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') {
        cp |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        cp |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        cp |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        err_ = "invalid \\u escape";
        return false;
      }
    }
    return true;
  }

  bool ReadString(std::string& out) {
    ++pos_;  // opening quote
    for (;;) {
      size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' &&
             static_cast<unsigned char>(s_[pos_]) >= 0x20)
        ++pos_;
      out.append(s_.data() + start, pos_ - start);
      if (pos_ >= s_.size()) {
        err_ = "unterminated string";
        return false;
      }
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') {
        err_ = "control character in string";
        return false;
      }
      ++pos_;
      if (pos_ >= s_.size()) {
        err_ = "unterminated escape";
        return false;
      }
      char e = s_[pos_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (pos_ + 1 < s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
              pos_ += 2;
              if (!ReadHex4(lo)) return false;
            }
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              cp = 0xFFFD;  // lone surrogate, as Go's decoder does
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          err_ = "invalid escape";
          return false;
      }
    }
  }

  bool ReadNumber(Value& out) {
    size_t start = pos_;
    bool is_int = true;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || !(s_[pos_] >= '0' && s_[pos_] <= '9')) {
      err_ = "invalid number";
      return false;
    }
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      is_int = false;
      ++pos_;
      size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == d) {
        err_ = "invalid number";
        return false;
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      is_int = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == d) {
        err_ = "invalid number";
        return false;
      }
    }
    out = ParseNumberText(s_.substr(start, pos_ - start), is_int);
    return true;
  }

 public:
  static Value ParseNumberText(std::string_view text, bool is_int) {
    if (is_int) {
      int64_t i = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), i);
      if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return Value::Int(i);
    }
    std::string copy(text);
    return Value::Float(std::strtod(copy.c_str(), nullptr));
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  int max_depth_;
  std::string err_;
};

}  // namespace

std::string Value::ToJson() const {
  std::string out;
  AppendJson(out, *this);
  return out;
}

std::string Value::ToRego() const {
  std::string out;
  AppendRego(out, *this);
  return out;
}

Result<Value> Value::ParseJson(std::string_view text, int max_depth) {
  return JsonReader(text, max_depth).ReadDocument();
}

}  // namespace attestfs::rego

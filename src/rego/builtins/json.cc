// JSON builtins: json.marshal, json.marshal_with_options (pretty, indent, prefix), json.unmarshal,
// json.is_valid, json.filter, json.remove, json.patch (RFC 6902 over Rego values, sets included).
#include <functional>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"
#include "rego/builtins/json_paths.h"

namespace attestfs::rego::builtins {
namespace {

constexpr int kMaxJsonDepth = 512;

std::string KeyJson(const Value& k) {
  return k.is_string() ? k.ToJson() : Value::String(k.ToJson()).ToJson();
}

void Pretty(const Value& v, const std::string& prefix, const std::string& indent, int depth,
            std::string& out) {
  auto newline = [&](int d) {
    out += '\n';
    out += prefix;
    for (int i = 0; i < d; ++i) out += indent;
  };
  if (v.is_array() || v.is_set()) {
    std::vector<Value> elems = Elements(v);
    if (elems.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (size_t i = 0; i < elems.size(); ++i) {
      if (i) out += ',';
      newline(depth + 1);
      Pretty(elems[i], prefix, indent, depth + 1, out);
    }
    newline(depth);
    out += ']';
  } else if (v.is_object()) {
    if (v.object().empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& [k, x] : v.object()) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      out += KeyJson(k);
      out += ": ";
      Pretty(x, prefix, indent, depth + 1, out);
    }
    newline(depth);
    out += '}';
  } else {
    out += v.ToJson();
  }
}

// Builds the path tree ({seg: subtree}, null leaves; a shorter path wins).
BuiltinResult PathTree(const char* fn, const Value& paths, Value& tree) {
  if (!paths.is_array() && !paths.is_set()) return OperandOneOf(fn, 2, "set, array", paths);
  std::vector<Array> list;
  for (const Value& p : Elements(paths)) {
    if (p.is_string()) {
      list.push_back(ParseSlashPath(p.string()));
    } else if (p.is_array()) {
      list.push_back(p.array());
    } else {
      return OperandMsg(fn, 2,
                        std::string("must be one of {set, array} containing string paths or array "
                                    "of path segments but got ") +
                            p.TypeName());
    }
  }
  // Insert into a mutable tree, then freeze.
  struct Node {
    bool leaf = false;
    std::map<Value, Node> kids;
  };
  Node root;
  for (const Array& path : list) {
    if (path.empty()) continue;
    Node* n = &root;
    bool done = false;
    for (size_t i = 0; i + 1 < path.size() && !done; ++i) {
      Node& child = n->kids[path[i]];
      if (child.leaf) done = true;
      n = &child;
    }
    if (!done) {
      Node& last = n->kids[path.back()];
      last.leaf = true;
      last.kids.clear();
    }
  }
  std::function<Value(const Node&)> freeze = [&](const Node& n) -> Value {
    if (n.leaf) return Value::Null();
    Object o;
    for (const auto& [k, c] : n.kids) o.emplace_hint(o.end(), k, freeze(c));
    return Value::FromObject(std::move(o));
  };
  tree = freeze(root);
  return Value::Null();
}

Value Filter(const Value& v, const Value& filter) {
  if (filter.is_null() || !filter.is_object()) return v;
  const Object& f = filter.object();
  switch (v.kind()) {
    case Kind::kArray: {
      Array out;
      for (size_t i = 0; i < v.array().size(); ++i) {
        auto it = f.find(Value::String(std::to_string(i)));
        if (it != f.end()) out.push_back(Filter(v.array()[i], it->second));
      }
      return Value::FromArray(std::move(out));
    }
    case Kind::kSet: {
      Set out;
      for (const Value& x : v.set()) {
        auto it = f.find(x);
        if (it != f.end()) out.insert(Filter(x, it->second));
      }
      return Value::FromSet(std::move(out));
    }
    case Kind::kObject: {
      Object out;
      for (const auto& [k, x] : v.object()) {
        auto it = f.find(k);
        if (it != f.end()) out.emplace_hint(out.end(), k, Filter(x, it->second));
      }
      return Value::FromObject(std::move(out));
    }
    default:
      return v;
  }
}

// nullopt: removed entirely.
std::optional<Value> Remove(const Value& v, const Value* filter) {
  if (!filter) return v;
  if (filter->is_null()) return std::nullopt;
  if (!filter->is_object()) return v;
  const Object& f = filter->object();
  switch (v.kind()) {
    case Kind::kObject: {
      Object out;
      for (const auto& [k, x] : v.object()) {
        auto it = f.find(k);
        auto r = Remove(x, it == f.end() ? nullptr : &it->second);
        if (r) out.emplace_hint(out.end(), k, std::move(*r));
      }
      return Value::FromObject(std::move(out));
    }
    case Kind::kSet: {
      Set out;
      for (const Value& x : v.set()) {
        auto it = f.find(x);
        auto r = Remove(x, it == f.end() ? nullptr : &it->second);
        if (r) out.insert(std::move(*r));
      }
      return Value::FromSet(std::move(out));
    }
    case Kind::kArray: {
      Array out;
      for (size_t i = 0; i < v.array().size(); ++i) {
        auto it = f.find(Value::String(std::to_string(i)));
        auto r = Remove(v.array()[i], it == f.end() ? nullptr : &it->second);
        if (r) out.push_back(std::move(*r));
      }
      return Value::FromArray(std::move(out));
    }
    default:
      return v;
  }
}

// ---- json.patch ----

std::optional<size_t> ArrayIndex(const Value& seg, size_t size, bool allow_end) {
  if (seg.is_string() && seg.string() == "-" && allow_end) return size;
  std::optional<int64_t> i;
  if (seg.is_string()) {
    const std::string& s = seg.string();
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), ::isdigit) ||
        (s.size() > 1 && s[0] == '0'))
      return std::nullopt;
    i = std::stoll(s);
  } else {
    i = AsInt(seg);
  }
  if (!i || *i < 0 || static_cast<size_t>(*i) > size ||
      (!allow_end && static_cast<size_t>(*i) == size))
    return std::nullopt;
  return static_cast<size_t>(*i);
}

std::optional<Value> GetPath(const Value& doc, const Array& path, size_t from = 0) {
  const Value* cur = &doc;
  for (size_t i = from; i < path.size(); ++i) {
    if (cur->is_array()) {
      auto idx = ArrayIndex(path[i], cur->array().size(), false);
      if (!idx) return std::nullopt;
      cur = &cur->array()[*idx];
    } else {
      cur = cur->Get(path[i]);
      if (!cur) return std::nullopt;
    }
  }
  return *cur;
}

enum class PatchOp { kAdd, kRemove, kReplace };

// Applies add/remove/replace at `path` (from index i), rebuilding the spine.
std::optional<Value> Apply(const Value& doc, const Array& path, size_t i, PatchOp op,
                           const Value& val) {
  if (i == path.size())
    return op == PatchOp::kRemove ? std::optional<Value>() : std::optional<Value>(val);
  const Value& seg = path[i];
  bool last = i + 1 == path.size();
  if (doc.is_object()) {
    Object o = doc.object();
    auto it = o.find(seg);
    if (last) {
      if (op == PatchOp::kAdd) {
        o[seg] = val;
      } else {
        if (it == o.end()) return std::nullopt;
        if (op == PatchOp::kRemove)
          o.erase(it);
        else
          it->second = val;
      }
      return Value::FromObject(std::move(o));
    }
    if (it == o.end()) return std::nullopt;
    auto sub = Apply(it->second, path, i + 1, op, val);
    if (!sub) return std::nullopt;
    it->second = std::move(*sub);
    return Value::FromObject(std::move(o));
  }
  if (doc.is_array()) {
    Array a = doc.array();
    auto idx = ArrayIndex(seg, a.size(), last && op == PatchOp::kAdd);
    if (!idx) return std::nullopt;
    if (last) {
      if (op == PatchOp::kAdd)
        a.insert(a.begin() + *idx, val);
      else if (op == PatchOp::kRemove)
        a.erase(a.begin() + *idx);
      else
        a[*idx] = val;
      return Value::FromArray(std::move(a));
    }
    auto sub = Apply(a[*idx], path, i + 1, op, val);
    if (!sub) return std::nullopt;
    a[*idx] = std::move(*sub);
    return Value::FromArray(std::move(a));
  }
  if (doc.is_set()) {
    Set s = doc.set();
    if (last) {
      if (op == PatchOp::kAdd) {
        s.insert(val);
      } else {
        if (!s.count(seg)) return std::nullopt;
        s.erase(seg);
        if (op == PatchOp::kReplace) s.insert(val);
      }
      return Value::FromSet(std::move(s));
    }
    if (!s.count(seg)) return std::nullopt;
    auto sub = Apply(seg, path, i + 1, op, val);
    if (!sub) return std::nullopt;
    s.erase(seg);
    s.insert(std::move(*sub));
    return Value::FromSet(std::move(s));
  }
  return std::nullopt;
}

// RFC 6901 pointer: "" is the whole document, "/" the key "", "/a/" the keys "a" and "".
std::optional<Array> ParsePointer(std::string_view p) {
  Array out;
  if (p.empty()) return out;
  if (p[0] != '/') return std::nullopt;
  p.remove_prefix(1);
  while (true) {
    size_t slash = p.find('/');
    std::string_view part = p.substr(0, slash);
    std::string un;
    for (size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '~' && i + 1 < part.size() && (part[i + 1] == '0' || part[i + 1] == '1')) {
        un += part[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        un += part[i];
      }
    }
    out.push_back(Value::String(std::move(un)));
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  return out;
}

std::optional<Array> PatchPath(const Value* p) {
  if (!p) return std::nullopt;
  if (p->is_string()) return ParsePointer(p->string());
  if (p->is_array()) return p->array();
  return std::nullopt;
}

BuiltinResult Patch(const Value& doc, const Value& patches) {
  const char* fn = "json.patch";
  if (!patches.is_array()) return OperandType(fn, 2, "array", patches);
  Value cur = doc;
  for (const Value& p : patches.array()) {
    if (!p.is_object()) return OperandElement(fn, 2, patches, "object", p);
    const Value* opv = p.Get(Value::String("op"));
    if (!opv || !opv->is_string()) return Fail(fn, "missing op");
    const std::string& op = opv->string();
    auto path = PatchPath(p.Get(Value::String("path")));
    if (!path) return Fail(fn, "missing or invalid path");
    const Value* value = p.Get(Value::String("value"));
    std::optional<Value> next;
    if (op == "add" || op == "replace" || op == "test") {
      if (!value) return Fail(fn, "missing value");
      if (op == "test") {
        auto got = GetPath(cur, *path);
        if (!got || *got != *value) return BuiltinResult::Undefined();
        continue;
      }
      next = Apply(cur, *path, 0, op == "add" ? PatchOp::kAdd : PatchOp::kReplace, *value);
    } else if (op == "remove") {
      next = Apply(cur, *path, 0, PatchOp::kRemove, Value());
    } else if (op == "move" || op == "copy") {
      auto from = PatchPath(p.Get(Value::String("from")));
      if (!from) return Fail(fn, "missing or invalid from");
      auto v = GetPath(cur, *from);
      if (!v) return BuiltinResult::Undefined();
      Value base = cur;
      if (op == "move") {
        auto removed = Apply(cur, *from, 0, PatchOp::kRemove, Value());
        if (!removed) return BuiltinResult::Undefined();
        base = *removed;
      }
      next = Apply(base, *path, 0, PatchOp::kAdd, *v);
    } else {
      return Fail(fn, "unknown op " + Value::String(op).ToJson());
    }
    if (!next) return BuiltinResult::Undefined();
    cur = std::move(*next);
  }
  return cur;
}

}  // namespace

void AddJsonBuiltins(BuiltinRegistry& r) {
  Def(r, "json.marshal", 1,
      [](BuiltinContext&, const Args& a) -> BuiltinResult { return Str(a[0].ToJson()); });
  Def(r, "json.marshal_with_options", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const char* fn = "json.marshal_with_options";
    if (!a[1].is_object()) return OperandType(fn, 2, "object", a[1]);
    bool pretty = false, explicit_pretty = false;
    std::string prefix, indent = "\t";
    bool any_fmt = false;
    for (const auto& [k, v] : a[1].object()) {
      std::string key = k.is_string() ? k.string() : k.ToJson();
      if (key == "pretty") {
        if (!v.is_bool())
          return OperandMsg(fn, 2, "pretty is not a boolean: " + std::string(v.TypeName()));
        pretty = v.boolean();
        explicit_pretty = true;
      } else if (key == "indent") {
        if (!v.is_string())
          return OperandMsg(fn, 2, "indent is not a string: " + std::string(v.TypeName()));
        indent = v.string();
        any_fmt = true;
      } else if (key == "prefix") {
        if (!v.is_string())
          return OperandMsg(fn, 2, "prefix is not a string: " + std::string(v.TypeName()));
        prefix = v.string();
        any_fmt = true;
      } else {
        return OperandMsg(fn, 2, "object contained unknown key " + Value::String(key).ToJson());
      }
    }
    if (!explicit_pretty) pretty = any_fmt;
    if (!pretty) return Str(a[0].ToJson());
    std::string out = prefix;
    Pretty(a[0], prefix, indent, 0, out);
    return Str(std::move(out));
  });
  Def(r, "json.unmarshal", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("json.unmarshal", 1, "string", a[0]);
    auto v = Value::ParseJson(a[0].string(), kMaxJsonDepth);
    if (!v.ok()) return Fail("json.unmarshal", v.error().message());
    return std::move(v).value();
  });
  Def(r, "json.is_valid", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return Bool(false);
    return Bool(Value::ParseJson(a[0].string(), kMaxJsonDepth).ok());
  });
  Def(r, "json.filter", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("json.filter", 1, "object", a[0]);
    Value tree;
    BuiltinResult pr = PathTree("json.filter", a[1], tree);
    if (!pr.has_value()) return pr;
    return Filter(a[0], tree);
  });
  Def(r, "json.remove", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("json.remove", 1, "object", a[0]);
    Value tree;
    BuiltinResult pr = PathTree("json.remove", a[1], tree);
    if (!pr.has_value()) return pr;
    auto out = Remove(a[0], &tree);
    return out ? *out : Value::FromObject({});
  });
  Def(r, "json.patch", 2,
      [](BuiltinContext&, const Args& a) -> BuiltinResult { return Patch(a[0], a[1]); });
}

}  // namespace attestfs::rego::builtins

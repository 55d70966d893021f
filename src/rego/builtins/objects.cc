// Object builtins: object.get (key or path array), object.keys, object.remove, object.filter,
// object.union (recursive), object.union_n, object.subset (OPA's topdown/object.go semantics).
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

// Keys named by operand 2 of object.remove/filter: an array, set or object (its keys).
BuiltinResult KeySet(const char* fn, const Value& v, Set& out) {
  if (v.is_array()) {
    out.insert(v.array().begin(), v.array().end());
  } else if (v.is_set()) {
    out = v.set();
  } else if (v.is_object()) {
    for (const auto& [k, _] : v.object()) out.insert(out.end(), k);
  } else {
    return OperandOneOf(fn, 2, "object, set, array", v);
  }
  return Value::Null();
}

Value Union(const Value& a, const Value& b) {
  if (!a.is_object() || !b.is_object()) return b;
  Object out = a.object();
  for (const auto& [k, v] : b.object()) {
    auto it = out.find(k);
    if (it == out.end()) {
      out.emplace(k, v);
    } else {
      it->second = Union(it->second, v);
    }
  }
  return Value::FromObject(std::move(out));
}

bool SetSubset(const Set& super, const Set& sub) {
  for (const Value& x : sub)
    if (!super.count(x)) return false;
  return true;
}

bool ArraySubset(const Array& super, const Array& sub) {
  size_t sc = 0, bc = 0;
  while (true) {
    if (bc == sub.size()) return true;
    if (sc == super.size() || sc + bc >= super.size()) return false;
    if (super[sc + bc] == sub[bc]) {
      ++bc;
    } else {
      ++sc;
      bc = 0;
    }
  }
}

bool ObjectSubset(const Object& super, const Object& sub) {
  for (const auto& [k, sv] : sub) {
    auto it = super.find(k);
    if (it == super.end()) return false;
    const Value& pv = it->second;
    if (sv == pv) continue;
    if (pv.is_object() && sv.is_object()) {
      if (!ObjectSubset(pv.object(), sv.object())) return false;
    } else if (pv.is_set() && sv.is_set()) {
      if (!SetSubset(pv.set(), sv.set())) return false;
    } else if (pv.is_array() && sv.is_array()) {
      if (!ArraySubset(pv.array(), sv.array())) return false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void AddObjectBuiltins(BuiltinRegistry& r) {
  Def(r, "object.get", 3, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("object.get", 1, "object", a[0]);
    if (!a[1].is_array()) {
      const Value* v = a[0].Get(a[1]);
      return v ? *v : a[2];
    }
    const Value* cur = &a[0];
    for (const Value& seg : a[1].array()) {
      cur = cur->Get(seg);
      if (!cur) return a[2];
    }
    return *cur;
  });
  Def(r, "object.keys", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("object.keys", 1, "object", a[0]);
    Set out;
    for (const auto& [k, _] : a[0].object()) out.insert(out.end(), k);
    return Value::FromSet(std::move(out));
  });
  Def(r, "object.remove", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("object.remove", 1, "object", a[0]);
    Set keys;
    BuiltinResult kr = KeySet("object.remove", a[1], keys);
    if (!kr.has_value()) return kr;
    Object out;
    for (const auto& [k, v] : a[0].object())
      if (!keys.count(k)) out.emplace_hint(out.end(), k, v);
    return Value::FromObject(std::move(out));
  });
  Def(r, "object.filter", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("object.filter", 1, "object", a[0]);
    Set keys;
    BuiltinResult kr = KeySet("object.filter", a[1], keys);
    if (!kr.has_value()) return kr;
    Object out;
    const Object& obj = a[0].object();
    for (const Value& k : keys) {
      auto it = obj.find(k);
      if (it != obj.end()) out.emplace_hint(out.end(), k, it->second);
    }
    return Value::FromObject(std::move(out));
  });
  Def(r, "object.union", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_object()) return OperandType("object.union", 1, "object", a[0]);
    if (!a[1].is_object()) return OperandType("object.union", 2, "object", a[1]);
    return Union(a[0], a[1]);
  });
  Def(r, "object.union_n", 1, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_array()) return OperandType("object.union_n", 1, "array", a[0]);
    Value acc = Value::FromObject({});
    for (const Value& o : a[0].array()) {
      if (!o.is_object()) return OperandElement("object.union_n", 1, a[0], "object", o);
      acc = Union(acc, o);
    }
    return acc;
  });
  Def(r, "object.subset", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    const Value &super = a[0], &sub = a[1];
    if (super.is_object() && sub.is_object())
      return Bool(ObjectSubset(super.object(), sub.object()));
    if (super.is_set() && sub.is_set()) return Bool(SetSubset(super.set(), sub.set()));
    if (super.is_array() && sub.is_array()) return Bool(ArraySubset(super.array(), sub.array()));
    if (super.is_array() && sub.is_set()) {
      Set elems(super.array().begin(), super.array().end());
      return Bool(SetSubset(elems, sub.set()));
    }
    if (!super.is_object() && !super.is_set() && !super.is_array())
      return OperandOneOf("object.subset", 1, "object, set, array", super);
    return OperandType("object.subset", 2,
                       super.is_object() ? "object"
                       : super.is_set()  ? "set"
                                         : "one of {array, set}",
                       sub);
  });
}

}  // namespace attestfs::rego::builtins

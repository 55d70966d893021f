// Evaluator implementation. Control flow: every enumerator calls its continuation once per
// solution; a continuation returns false to stop the enumeration early. Evaluation errors
// unwind as an EvalAbort exception caught in Evaluate() (never leaves this file).
// Size: one class (~1,000 lines) on purpose; its parts (unification, references over base and
// virtual documents, rules, calls, with) call each other through the same continuations and
// the same frame, state and limits, and splitting it would expose that state in a header.
#include "rego/evaluator.h"

#include <chrono>
#include <map>
#include <unordered_map>

#include "rego/fn_ref.h"

namespace attestfs::rego {
namespace {

using Cont = FnRef<bool()>;
using VCont = FnRef<bool(const Value&)>;

struct EvalAbort {
  Error error;
};

struct Frame {
  std::vector<Value> vals;
  std::vector<char> bound;
  explicit Frame(int n) : vals(static_cast<size_t>(n)), bound(static_cast<size_t>(n), 0) {}
};

struct Mock {
  bool is_fn = false;
  const RuleNode* node = nullptr;
  const BuiltinDef* builtin = nullptr;
  std::string fn;
  Value value;
};

struct Memo {
  std::unordered_map<int, std::optional<Value>> nodes;
  std::map<std::pair<int, Value>, std::optional<Value>> calls;
};

struct State {
  Value input;
  bool has_input = false;
  std::vector<std::pair<std::vector<Value>, Value>> overrides;  // data path -> value
  std::map<std::string, Mock> mocks;
  std::shared_ptr<Memo> memo;
};

class Eval {
 public:
  explicit Eval(const EvalEnv& env) : env_(env), prog_(*env.program) {
    st_.memo = std::make_shared<Memo>();
    if (env.input) {
      st_.input = *env.input;
      st_.has_input = true;
    }
    if (env.options->timeout_ms > 0)
      deadline_ =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(env.options->timeout_ms);
  }

  QueryResult Run(const CompiledQuery& q) {
    QueryResult result;
    Frame f(q.num_slots);
    frame_ = &f;
    size_t nexpr = q.body.exprs.size();
    expr_values_.assign(nexpr, Value::Bool(true));
    query_ = &q;
    size_t bytes = 0;
    EvalBody(q.body, 0, [&]() -> bool {
      QueryRow row;
      for (size_t i = 0; i < nexpr; ++i) {
        const Expr* e = nullptr;
        for (auto& x : q.body.exprs)
          if (x.orig == static_cast<int>(i)) e = &x;
        QueryRow::Expression ex;
        ex.value = expr_values_[i];
        if (e) {
          ex.text = e->text;
          ex.row = e->loc.row;
          ex.col = e->loc.col;
        }
        row.expressions.push_back(std::move(ex));
      }
      for (auto& [name, slot] : q.vars) {
        if (!f.bound[static_cast<size_t>(slot)]) continue;
        row.bindings.emplace_back(name, f.vals[static_cast<size_t>(slot)]);
        bytes += f.vals[static_cast<size_t>(slot)].ToJson().size();
      }
      if (bytes > env_.options->max_output_bytes)
        throw EvalAbort{Error(Errc::kTooLarge, "eval_limit_error: result larger than " +
                                                   std::to_string(env_.options->max_output_bytes) +
                                                   " bytes")};
      result.rows.push_back(std::move(row));
      return true;
    });
    return result;
  }

 private:
  // ---- errors and limits
  [[noreturn]] void Throw(const Location& loc, const std::string& code, const std::string& msg,
                          Errc errc = Errc::kMalformed) {
    std::string where = loc.file ? *loc.file : std::string("query");
    throw EvalAbort{Error(errc, where + ":" + std::to_string(loc.row) + ": " + code + ": " + msg)};
  }
  void Tick(const Location& loc) {
    if ((++ticks_ & 0x3ff) == 0 && deadline_ && std::chrono::steady_clock::now() > *deadline_)
      Throw(loc, "eval_cancel_error", "timed out", Errc::kTimeout);
  }
  struct DepthGuard {
    Eval* e;
    DepthGuard(Eval* ev, const Location& loc) : e(ev) {
      if (++e->depth_ > e->env_.options->max_depth)
        e->Throw(loc, "eval_limit_error", "maximum evaluation depth exceeded", Errc::kTooLarge);
    }
    ~DepthGuard() { --e->depth_; }
  };

  // ---- bodies and expressions
  bool EvalBody(const Body& body, size_t i, Cont k) {
    if (i == body.exprs.size()) return k();
    const Expr& e = body.exprs[i];
    Tick(e.loc);
    return EvalExpr(e, [&]() { return EvalBody(body, i + 1, k); });
  }

  bool EvalExpr(const Expr& e, Cont k) {
    if (!e.withs.empty()) return EvalWith(e, 0, k);
    return EvalExprNoWith(e, k);
  }

  bool EvalExprNoWith(const Expr& e, Cont k) {
    if (e.negated) {
      bool found = false;
      EvalExprInner(e, [&]() {
        found = true;
        return false;
      });
      return found ? true : k();
    }
    return EvalExprInner(e, k);
  }

  bool IsQueryExpr(const Expr& e) const {
    if (!query_) return false;
    for (auto& x : query_->body.exprs)
      if (&x == &e) return true;
    return false;
  }

  bool EvalExprInner(const Expr& e, Cont k) {
    switch (e.kind) {
      case ExprKind::kSome:
        return k();
      case ExprKind::kTerm: {
        const Term& t = *e.terms[0];
        if (t.kind == TermKind::kCall && t.arity >= 0 &&
            t.args.size() == static_cast<size_t>(t.arity) + 1) {
          return EvalCall(t, [&](const Value& v) { return UnifyValue(*t.args.back(), v, k); });
        }
        bool record = IsQueryExpr(e);
        return EvalTerm(t, [&](const Value& v) {
          if (v.is_bool() && !v.boolean()) return true;
          if (record) expr_values_[static_cast<size_t>(e.orig)] = v;
          return k();
        });
      }
      case ExprKind::kUnify:
      case ExprKind::kAssign:
        return Unify(*e.terms[0], *e.terms[1], k);
      case ExprKind::kSomeIn:
        return EvalTerm(*e.terms[2], [&](const Value& c) {
          return ForEach(c, [&](const Value& key, const Value& val) {
            if (e.terms[0])
              return UnifyValue(*e.terms[0], key,
                                [&]() { return UnifyValue(*e.terms[1], val, k); });
            return UnifyValue(*e.terms[1], val, k);
          });
        });
      case ExprKind::kEvery:
        return EvalTerm(*e.terms[2], [&](const Value& c) {
          if (!c.is_collection()) return true;
          bool all = true;
          ForEach(c, [&](const Value& key, const Value& val) {
            bool ok = false;
            auto body = [&]() {
              return EvalBody(*e.body, 0, [&]() {
                ok = true;
                return false;
              });
            };
            if (e.terms[0]) {
              UnifyValue(*e.terms[0], key, [&]() { return UnifyValue(*e.terms[1], val, body); });
            } else {
              UnifyValue(*e.terms[1], val, body);
            }
            if (!ok) all = false;
            return ok;
          });
          return all ? k() : true;
        });
    }
    return true;
  }

  template <typename F>
  bool ForEach(const Value& c, F&& f) {
    switch (c.kind()) {
      case Kind::kArray: {
        const Array& a = c.array();
        for (size_t i = 0; i < a.size(); ++i)
          if (!f(Value::Int(static_cast<int64_t>(i)), a[i])) return false;
        return true;
      }
      case Kind::kObject:
        for (auto& [key, val] : c.object())
          if (!f(key, val)) return false;
        return true;
      case Kind::kSet:
        for (auto& v : c.set())
          if (!f(v, v)) return false;
        return true;
      default:
        return true;
    }
  }

  // ---- with
  bool EvalWith(const Expr& e, size_t i, Cont k) {
    if (i == e.withs.size()) {
      return EvalExprNoWith(e, k);
    }
    const With& w = e.withs[i];
    if (w.root == 2 && w.value->kind == TermKind::kCall && w.value->arity == -2) {
      Mock m;
      m.is_fn = true;
      m.node = w.value->fn_node;
      m.builtin = w.value->builtin;
      m.fn = w.value->name;
      return WithApplied(e, i, k, [&](State& s) { s.mocks[w.fn_name] = m; });
    }
    return EvalTerm(*w.value, [&](const Value& v) {
      return WithApplied(e, i, k, [&](State& s) {
        if (w.root == 0) {
          if (w.path.empty()) {
            s.input = v;
          } else {
            s.input = SetPath(s.has_input ? s.input : Value::FromObject({}), w.path, 0, v);
          }
          s.has_input = true;
        } else if (w.root == 1) {
          s.overrides.emplace_back(w.path, v);
        } else {
          Mock m;
          m.value = v;
          s.mocks[w.fn_name] = m;
        }
      });
    });
  }

  template <typename Apply>
  bool WithApplied(const Expr& e, size_t i, Cont k, Apply&& apply) {
    State next = st_;
    apply(next);
    next.memo = std::make_shared<Memo>();
    std::swap(st_, next);
    bool r;
    try {
      r = EvalWith(e, i + 1, [&]() {
        std::swap(st_, next);
        bool rr;
        try {
          rr = k();
        } catch (...) {
          std::swap(st_, next);
          throw;
        }
        std::swap(st_, next);
        return rr;
      });
    } catch (...) {
      std::swap(st_, next);
      throw;
    }
    std::swap(st_, next);
    return r;
  }

  static Value SetPath(const Value& base, const std::vector<Value>& path, size_t i,
                       const Value& v) {
    if (i == path.size()) return v;
    Object o;
    if (base.is_object()) o = base.object();
    auto it = o.find(path[i]);
    Value child = it != o.end() ? it->second : Value::FromObject({});
    o[path[i]] = SetPath(child, path, i + 1, v);
    return Value::FromObject(std::move(o));
  }

  // ---- variables
  bool Bound(const Term& t) const {
    return t.slot >= 0 && frame_->bound[static_cast<size_t>(t.slot)];
  }
  bool BindVar(const Term& t, const Value& v, Cont k) {
    size_t s = static_cast<size_t>(t.slot);
    if (frame_->bound[s]) return frame_->vals[s] == v ? k() : true;
    frame_->vals[s] = v;
    frame_->bound[s] = 1;
    bool r = k();
    frame_->bound[s] = 0;
    return r;
  }

  // Whether a term can be evaluated now (its inputs are bound).
  bool Ground(const Term& t) const {
    switch (t.kind) {
      case TermKind::kValue:
        return true;
      case TermKind::kVar:
        return t.slot < 0 || frame_->bound[static_cast<size_t>(t.slot)];
      case TermKind::kRef:
        if (!Ground(*t.args[0])) return false;
        for (size_t i = 1; i < t.args.size(); ++i)
          if (t.args[i]->kind != TermKind::kVar && !Ground(*t.args[i])) return false;
        return true;
      case TermKind::kCall: {
        size_t n = t.args.size();
        if (t.arity >= 0 && n == static_cast<size_t>(t.arity) + 1) --n;
        for (size_t i = 0; i < n; ++i)
          if (!Ground(*t.args[i])) return false;
        return true;
      }
      case TermKind::kArrayCompr:
      case TermKind::kSetCompr:
      case TermKind::kObjectCompr:
        for (int s : t.body->closure_free)
          if (!frame_->bound[static_cast<size_t>(s)]) return false;
        return true;
      default:
        for (auto& a : t.args)
          if (!Ground(*a)) return false;
        return true;
    }
  }

  // ---- unification
  bool Unify(const Term& a, const Term& b, Cont k) {
    if (a.kind == TermKind::kVar && a.slot >= 0 && !Bound(a))
      return EvalTerm(b, [&](const Value& v) { return BindVar(a, v, k); });
    if (b.kind == TermKind::kVar && b.slot >= 0 && !Bound(b))
      return EvalTerm(a, [&](const Value& v) { return BindVar(b, v, k); });
    if (a.kind == TermKind::kArray && b.kind == TermKind::kArray) {
      if (a.args.size() != b.args.size()) return true;
      std::vector<std::pair<const Term*, const Term*>> pairs;
      for (size_t i = 0; i < a.args.size(); ++i)
        pairs.push_back({a.args[i].get(), b.args[i].get()});
      std::vector<char> done(pairs.size(), 0);
      return UnifyPairs(pairs, done, pairs.size(), k);
    }
    if (a.kind == TermKind::kObject && b.kind == TermKind::kObject && Ground(a) == false &&
        Ground(b) == false) {
      if (a.args.size() != b.args.size()) return true;
      std::vector<std::pair<const Term*, const Term*>> pairs;
      for (size_t i = 0; i + 1 < a.args.size(); i += 2) {
        const Term* m = nullptr;
        for (size_t j = 0; j + 1 < b.args.size(); j += 2)
          if (a.args[i]->kind == TermKind::kValue && b.args[j]->kind == TermKind::kValue &&
              a.args[i]->value == b.args[j]->value)
            m = b.args[j + 1].get();
        if (!m) return true;
        pairs.push_back({a.args[i + 1].get(), m});
      }
      std::vector<char> done(pairs.size(), 0);
      return UnifyPairs(pairs, done, pairs.size(), k);
    }
    if (Ground(b)) return EvalTerm(b, [&](const Value& v) { return UnifyValue(a, v, k); });
    if (Ground(a)) return EvalTerm(a, [&](const Value& v) { return UnifyValue(b, v, k); });
    return true;
  }

  bool UnifyPairs(const std::vector<std::pair<const Term*, const Term*>>& pairs,
                  std::vector<char>& done, size_t left, Cont k) {
    if (left == 0) return k();
    size_t pick = pairs.size();
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (done[i]) continue;
      if (Ground(*pairs[i].first) || Ground(*pairs[i].second) ||
          pairs[i].first->kind == TermKind::kVar || pairs[i].second->kind == TermKind::kVar) {
        pick = i;
        break;
      }
    }
    if (pick == pairs.size()) {
      for (size_t i = 0; i < pairs.size(); ++i)
        if (!done[i]) pick = i;
    }
    done[pick] = 1;
    bool r = Unify(*pairs[pick].first, *pairs[pick].second,
                   [&]() { return UnifyPairs(pairs, done, left - 1, k); });
    done[pick] = 0;
    return r;
  }

  bool UnifyValue(const Term& t, const Value& v, Cont k) {
    switch (t.kind) {
      case TermKind::kValue:
        return t.value == v ? k() : true;
      case TermKind::kVar:
        if (t.slot >= 0) return BindVar(t, v, k);
        break;
      case TermKind::kArray: {
        if (!v.is_array() || v.array().size() != t.args.size()) return true;
        return UnifyArray(t, v.array(), 0, k);
      }
      case TermKind::kObject: {
        if (!v.is_object() || v.object().size() * 2 != t.args.size()) return true;
        if (Ground(t)) break;
        return UnifyObject(t, v, 0, k);
      }
      default:
        break;
    }
    return EvalTerm(t, [&](const Value& w) { return w == v ? k() : true; });
  }

  bool UnifyArray(const Term& t, const Array& a, size_t i, Cont k) {
    if (i == a.size()) return k();
    return UnifyValue(*t.args[i], a[i], [&]() { return UnifyArray(t, a, i + 1, k); });
  }

  bool UnifyObject(const Term& t, const Value& v, size_t i, Cont k) {
    if (i >= t.args.size()) return k();
    return EvalTerm(*t.args[i], [&](const Value& key) {
      const Value* m = v.Get(key);
      if (!m) return true;
      return UnifyValue(*t.args[i + 1], *m, [&]() { return UnifyObject(t, v, i + 2, k); });
    });
  }

  // ---- terms
  bool EvalTerm(const Term& t, VCont k) {
    switch (t.kind) {
      case TermKind::kValue:
        return k(t.value);
      case TermKind::kVar:
        if (t.slot == kSlotInput) {
          if (!st_.has_input) return true;
          return k(st_.input);
        }
        if (t.slot == kSlotData) {
          std::vector<Value> path;
          return DataRef(t, 1, &prog_.root, env_.data, path, k);
        }
        if (t.slot >= 0 && frame_->bound[static_cast<size_t>(t.slot)])
          return k(frame_->vals[static_cast<size_t>(t.slot)]);
        return true;
      case TermKind::kRef:
        return EvalRef(t, k);
      case TermKind::kArray: {
        Array a;
        a.reserve(t.args.size());
        return EvalElems(t, 0, a, [&]() {
          Array copy = a;
          return k(Value::FromArray(std::move(copy)));
        });
      }
      case TermKind::kSet: {
        Array a;
        return EvalElems(t, 0, a, [&]() {
          Set s(a.begin(), a.end());
          return k(Value::FromSet(std::move(s)));
        });
      }
      case TermKind::kObject: {
        Array a;
        return EvalElems(t, 0, a, [&]() {
          Object o;
          for (size_t i = 0; i + 1 < a.size(); i += 2) o[a[i]] = a[i + 1];
          return k(Value::FromObject(std::move(o)));
        });
      }
      case TermKind::kArrayCompr: {
        DepthGuard g(this, t.loc);
        Array a;
        EvalBody(*t.body, 0, [&]() {
          return EvalTerm(*t.args[0], [&](const Value& v) {
            a.push_back(v);
            return true;
          });
        });
        return k(Value::FromArray(std::move(a)));
      }
      case TermKind::kSetCompr: {
        DepthGuard g(this, t.loc);
        Set s;
        EvalBody(*t.body, 0, [&]() {
          return EvalTerm(*t.args[0], [&](const Value& v) {
            s.insert(v);
            return true;
          });
        });
        return k(Value::FromSet(std::move(s)));
      }
      case TermKind::kObjectCompr: {
        DepthGuard g(this, t.loc);
        Object o;
        EvalBody(*t.body, 0, [&]() {
          return EvalTerm(*t.args[0], [&](const Value& key) {
            return EvalTerm(*t.args[1], [&](const Value& v) {
              auto it = o.find(key);
              if (it != o.end() && it->second != v)
                Throw(t.loc, "eval_conflict_error", "object keys must be unique");
              o[key] = v;
              return true;
            });
          });
        });
        return k(Value::FromObject(std::move(o)));
      }
      case TermKind::kCall:
        return EvalCall(t, k);
    }
    return true;
  }

  bool EvalElems(const Term& t, size_t i, Array& acc, Cont k) {
    if (i == t.args.size()) return k();
    return EvalTerm(*t.args[i], [&](const Value& v) {
      acc.push_back(v);
      bool r = EvalElems(t, i + 1, acc, k);
      acc.pop_back();
      return r;
    });
  }

  // ---- references
  bool EvalRef(const Term& t, VCont k) {
    const Term& head = *t.args[0];
    if (head.kind == TermKind::kVar) {
      if (head.slot == kSlotData) {
        std::vector<Value> path;
        return DataRef(t, 1, &prog_.root, env_.data, path, k);
      }
      if (head.slot == kSlotInput) {
        if (!st_.has_input) return true;
        Value in = st_.input;
        return NavValue(in, t, 1, k);
      }
      if (!Bound(head)) return true;
      Value v = frame_->vals[static_cast<size_t>(head.slot)];
      return NavValue(v, t, 1, k);
    }
    return EvalTerm(head, [&](const Value& v) { return NavValue(v, t, 1, k); });
  }

  // Element lookup; in base documents a number key also finds its string form (OPA's store).
  static const Value* Lookup(const Value& v, const Value& key, bool data_doc) {
    const Value* p = v.Get(key);
    if (!p && data_doc && key.is_number() && v.is_object())
      p = v.Get(Value::String(key.NumberText()));
    return p;
  }

  bool NavValue(const Value& v, const Term& ref, size_t i, VCont k, bool data_doc = false) {
    if (i == ref.args.size()) return k(v);
    const Term& key = *ref.args[i];
    if (key.kind == TermKind::kValue) {
      const Value* p = Lookup(v, key.value, data_doc);
      return p ? NavValue(*p, ref, i + 1, k, data_doc) : true;
    }
    if (key.kind == TermKind::kVar && key.slot >= 0 && Bound(key)) {
      const Value* p = Lookup(v, frame_->vals[static_cast<size_t>(key.slot)], data_doc);
      return p ? NavValue(*p, ref, i + 1, k, data_doc) : true;
    }
    if (key.kind != TermKind::kVar && Ground(key) &&
        !(key.kind == TermKind::kArray || key.kind == TermKind::kObject)) {
      return EvalTerm(key, [&](const Value& kv) {
        const Value* p = Lookup(v, kv, data_doc);
        return p ? NavValue(*p, ref, i + 1, k, data_doc) : true;
      });
    }
    return ForEach(v, [&](const Value& kk, const Value& vv) {
      return UnifyValue(key, kk, [&]() { return NavValue(vv, ref, i + 1, k, data_doc); });
    });
  }

  const Value* FindOverride(const std::vector<Value>& path) const {
    for (auto it = st_.overrides.rbegin(); it != st_.overrides.rend(); ++it)
      if (it->first == path) return &it->second;
    return nullptr;
  }
  bool OverrideBelow(const std::vector<Value>& path) const {
    for (auto& [p, v] : st_.overrides)
      if (p.size() > path.size() && std::equal(path.begin(), path.end(), p.begin())) return true;
    return false;
  }
  Value ApplyOverridesBelow(Value v, const std::vector<Value>& path) const {
    for (auto& [p, ov] : st_.overrides)
      if (p.size() > path.size() && std::equal(path.begin(), path.end(), p.begin())) {
        std::vector<Value> rest(p.begin() + static_cast<long>(path.size()), p.end());
        v = SetPath(v, rest, 0, ov);
      }
    return v;
  }

  bool DataRef(const Term& ref, size_t i, const RuleNode* node, const Value* base,
               std::vector<Value>& path, VCont k) {
    size_t n = ref.kind == TermKind::kRef ? ref.args.size() : 1;
    if (!st_.overrides.empty()) {
      if (const Value* ov = FindOverride(path)) {
        Value copy = *ov;
        return n == i ? k(copy) : NavValue(copy, ref, i, k);
      }
    }
    if (node && node->has_rules() && !node->is_function() && !base) {
      std::optional<Value> v = NodeValue(*node);
      if (!v) return true;
      Value val = *v;
      if (!st_.overrides.empty() && OverrideBelow(path)) val = ApplyOverridesBelow(val, path);
      return i == n ? k(val) : NavValue(val, ref, i, k);
    }
    if (i == n) {
      std::optional<Value> v = SubtreeValue(node, base, path);
      if (!v) return true;
      return k(*v);
    }
    if (!node) {
      if (!st_.overrides.empty() && OverrideBelow(path)) {
        Value patched = ApplyOverridesBelow(base ? *base : Value::FromObject({}), path);
        return NavValue(patched, ref, i, k);
      }
      if (!base) return true;
      return NavValue(*base, ref, i, k, true);
    }
    const Term& key = ref.args[i] ? *ref.args[i] : ref;
    auto step = [&](const Value& kv) -> bool {
      const RuleNode* child = nullptr;
      auto it = node->children.find(kv);
      if (it != node->children.end()) child = it->second.get();
      const Value* cb = base ? base->Get(kv) : nullptr;
      if (!cb && base && kv.is_number() && base->is_object()) {
        cb = base->Get(Value::String(kv.NumberText()));
      }
      path.push_back(kv);
      bool r = true;
      if (child || cb || (!st_.overrides.empty() && (FindOverride(path) || OverrideBelow(path))))
        r = DataRef(ref, i + 1, child, cb, path, k);
      path.pop_back();
      return r;
    };
    if (key.kind == TermKind::kValue) return step(key.value);
    if (key.kind == TermKind::kVar && Bound(key))
      return step(frame_->vals[static_cast<size_t>(key.slot)]);
    if (key.kind != TermKind::kVar && Ground(key))
      return EvalTerm(key, [&](const Value& kv) { return step(kv); });
    // enumerate the keys of rules and base data
    Set keys;
    for (auto& [kk, c] : node->children)
      if (!(c->has_rules() && c->is_function())) keys.insert(kk);
    if (base && base->is_object())
      for (auto& [kk, vv] : base->object()) keys.insert(kk);
    for (auto& kk : keys) {
      bool cont = UnifyValue(key, kk, [&]() { return step(kk); });
      if (!cont) return false;
    }
    return true;
  }

  std::optional<Value> SubtreeValue(const RuleNode* node, const Value* base,
                                    std::vector<Value>& path) {
    if (!st_.overrides.empty()) {
      if (const Value* ov = FindOverride(path)) return *ov;
    }
    if (node && node->has_rules() && !base) {
      if (node->is_function()) return std::nullopt;
      std::optional<Value> v = NodeValue(*node);
      if (v && !st_.overrides.empty() && OverrideBelow(path)) v = ApplyOverridesBelow(*v, path);
      return v;
    }
    if (!node) {
      if (!base) {
        if (!st_.overrides.empty() && OverrideBelow(path))
          return ApplyOverridesBelow(Value::FromObject({}), path);
        return std::nullopt;
      }
      if (!st_.overrides.empty() && OverrideBelow(path)) return ApplyOverridesBelow(*base, path);
      return *base;
    }
    Object o;
    if (base && base->is_object()) o = base->object();
    for (auto& [kk, c] : node->children) {
      if (c->has_rules() && c->is_function()) continue;
      path.push_back(kk);
      const Value* cb = base ? base->Get(kk) : nullptr;
      std::optional<Value> cv = SubtreeValue(c.get(), cb, path);
      path.pop_back();
      if (cv && !(base && base->is_object() && base->Get(kk))) {
        o[kk] = *cv;
      }
    }
    Value v = Value::FromObject(std::move(o));
    if (!st_.overrides.empty() && OverrideBelow(path)) v = ApplyOverridesBelow(v, path);
    return v;
  }

  // ---- rules
  std::optional<Value> NodeValue(const RuleNode& node) {
    auto it = st_.memo->nodes.find(node.id);
    if (it != st_.memo->nodes.end()) return it->second;
    const Rule& first = node.rules.empty() ? *node.default_rule : *node.rules[0];
    DepthGuard g(this, first.loc);
    std::optional<Value> result;
    switch (node.kind()) {
      case RuleKind::kComplete:
        result = EvalComplete(node);
        break;
      case RuleKind::kPartialSet:
        result = EvalPartialSet(node);
        break;
      case RuleKind::kPartialObject:
        result = EvalPartialObject(node);
        break;
      case RuleKind::kFunction:
        break;
    }
    st_.memo->nodes[node.id] = result;
    return result;
  }

  template <typename F>
  void WithFrame(int slots, F&& f) {
    Frame fr(slots);
    Frame* saved = frame_;
    const CompiledQuery* saved_q = query_;
    frame_ = &fr;
    query_ = nullptr;
    try {
      f();
    } catch (...) {
      frame_ = saved;
      query_ = saved_q;
      throw;
    }
    frame_ = saved;
    query_ = saved_q;
  }

  std::optional<Value> EvalComplete(const RuleNode& node) {
    std::optional<Value> result;
    for (auto& rp : node.rules) {
      for (const Rule* r = rp.get(); r; r = r->else_rule.get()) {
        bool produced = false;
        WithFrame(r->num_slots, [&]() {
          EvalBody(r->body, 0, [&]() {
            auto take = [&](const Value& v) {
              produced = true;
              if (result && *result != v)
                Throw(r->loc, "eval_conflict_error",
                      "complete rules must not produce multiple outputs");
              result = v;
              return true;
            };
            if (!r->value) return take(Value::Bool(true));
            return EvalTerm(*r->value, take);
          });
        });
        if (produced) break;
      }
    }
    if (!result && node.default_rule) {
      const Rule& d = *node.default_rule;
      WithFrame(d.num_slots, [&]() {
        EvalTerm(*d.value, [&](const Value& v) {
          result = v;
          return false;
        });
      });
    }
    return result;
  }

  std::optional<Value> EvalPartialSet(const RuleNode& node) {
    Set s;
    for (auto& rp : node.rules) {
      const Rule* r = rp.get();
      WithFrame(r->num_slots, [&]() {
        EvalBody(r->body, 0, [&]() {
          return EvalTerm(*r->key, [&](const Value& v) {
            s.insert(v);
            return true;
          });
        });
      });
    }
    return Value::FromSet(std::move(s));
  }

  static Value InsertPath(const Value& base, const std::vector<Value>& keys, size_t i,
                          const Value& v, bool* conflict) {
    Object o = base.is_object() ? base.object() : Object{};
    auto it = o.find(keys[i]);
    if (i + 1 == keys.size()) {
      if (it != o.end() && it->second != v) {
        *conflict = true;
        return base;
      }
      o[keys[i]] = v;
    } else {
      Value child = Value::FromObject({});
      if (it != o.end()) {
        if (!it->second.is_object()) {
          *conflict = true;
          return base;
        }
        child = it->second;
      }
      o[keys[i]] = InsertPath(child, keys, i + 1, v, conflict);
    }
    return Value::FromObject(std::move(o));
  }

  std::optional<Value> EvalPartialObject(const RuleNode& node) {
    Object root;
    for (auto& rp : node.rules) {
      const Rule* r = rp.get();
      WithFrame(r->num_slots, [&]() {
        EvalBody(r->body, 0, [&]() {
          std::vector<Value> keys;
          return EvalKeys(*r, 0, keys, [&]() {
            auto put = [&](const Value& v) {
              if (keys.size() == 1) {
                auto it = root.find(keys[0]);
                if (it != root.end() && it->second != v)
                  Throw(r->loc, "eval_conflict_error", "object keys must be unique");
                root[keys[0]] = v;
                return true;
              }
              bool conflict = false;
              Value updated = InsertPath(Value::FromObject(root), keys, 0, v, &conflict);
              if (conflict) Throw(r->loc, "eval_conflict_error", "object keys must be unique");
              root = updated.object();
              return true;
            };
            if (!r->value) return put(Value::Bool(true));
            return EvalTerm(*r->value, put);
          });
        });
      });
    }
    // rules below this node with constant keys (`p["a"] := 1` beside `p[k] := v`)
    std::vector<Value> path = node.path;
    for (auto& [kk, c] : node.children) {
      if (c->has_rules() && c->is_function()) continue;
      path.push_back(kk);
      std::optional<Value> cv = SubtreeValue(c.get(), nullptr, path);
      path.pop_back();
      if (!cv) continue;
      auto it = root.find(kk);
      if (it != root.end() && it->second != *cv) {
        const Rule& r = node.rules.empty() ? *node.default_rule : *node.rules[0];
        Throw(r.loc, "eval_conflict_error", "object keys must be unique");
      }
      root[kk] = *cv;
    }
    return Value::FromObject(std::move(root));
  }

  bool EvalKeys(const Rule& r, size_t i, std::vector<Value>& keys, Cont k) {
    if (i == r.rest.size()) return k();
    return EvalTerm(*r.rest[i], [&](const Value& v) {
      keys.push_back(v);
      bool res = EvalKeys(r, i + 1, keys, k);
      keys.pop_back();
      return res;
    });
  }

  // ---- calls
  bool EvalArgs(const Term& t, size_t i, size_t n, std::vector<Value>& vals, Cont k) {
    if (i == n) return k();
    return EvalTerm(*t.args[i], [&](const Value& v) {
      vals.push_back(v);
      bool r = EvalArgs(t, i + 1, n, vals, k);
      vals.pop_back();
      return r;
    });
  }

  bool EvalCall(const Term& t, VCont k) {
    size_t n = t.args.size();
    if (t.arity >= 0 && n == static_cast<size_t>(t.arity) + 1) --n;
    if (t.name == "print") return EvalPrint(t, k);
    std::vector<Value> vals;
    vals.reserve(n);
    return EvalArgs(t, 0, n, vals, [&]() { return Invoke(t, vals, k); });
  }

  bool EvalPrint(const Term& t, VCont k) {
    std::string out;
    for (size_t i = 0; i < t.args.size(); ++i) {
      std::vector<std::string> parts;
      EvalTerm(*t.args[i], [&](const Value& v) {
        parts.push_back(v.is_string() ? v.string() : v.ToRego());
        return true;
      });
      if (i) out += " ";
      if (parts.empty()) {
        out += "<undefined>";
      } else {
        out += parts[0];
      }
    }
    if (env_.options->print) env_.options->print(out);
    return k(Value::Bool(true));
  }

  bool Invoke(const Term& t, const std::vector<Value>& vals, VCont k) {
    if (!st_.mocks.empty()) {
      auto it = st_.mocks.find(t.name);
      if (it != st_.mocks.end()) {
        const Mock& m = it->second;
        if (!m.is_fn) return k(m.value);
        // A mock runs without the function mocks in effect (it may call the original).
        std::vector<Value> results;
        {
          State plain = st_;
          plain.mocks.clear();
          plain.memo = std::make_shared<Memo>();
          std::swap(st_, plain);
          auto collect = [&](const Value& v) {
            results.push_back(v);
            return true;
          };
          try {
            if (m.node) {
              CallUser(*m.node, vals, t.loc, collect);
            } else if (m.builtin) {
              CallBuiltin(t, *m.builtin, vals, collect);
            } else {
              CallInternal(t, m.fn, vals, collect);
            }
          } catch (...) {
            std::swap(st_, plain);
            throw;
          }
          std::swap(st_, plain);
        }
        for (const Value& v : results)
          if (!k(v)) return false;
        return true;
      }
    }
    if (t.fn_node) return CallUser(*t.fn_node, vals, t.loc, k);
    if (t.builtin) return CallBuiltin(t, *t.builtin, vals, k);
    return CallInternal(t, t.name, vals, k);
  }

  bool CallInternal(const Term& t, const std::string& name, const std::vector<Value>& a, VCont k) {
    if (name == "equal") return k(Value::Bool(a[0] == a[1]));
    if (name == "neq") return k(Value::Bool(a[0] != a[1]));
    if (name == "internal.member_2") {
      const Value& c = a[1];
      bool found = false;
      if (c.is_set()) {
        found = c.set().count(a[0]) > 0;
      } else {
        ForEach(c, [&](const Value&, const Value& v) {
          if (v == a[0]) found = true;
          return !found;
        });
      }
      return k(Value::Bool(found));
    }
    if (name == "internal.member_3") {
      const Value* v = a[2].is_set() ? nullptr : a[2].Get(a[0]);
      bool found = false;
      if (a[2].is_set()) {
        found = a[0] == a[1] && a[2].set().count(a[1]);
      } else {
        found = v && *v == a[1];
      }
      return k(Value::Bool(found));
    }
    Throw(t.loc, "eval_builtin_error", "unknown function " + name);
  }

  bool CallBuiltin(const Term& t, const BuiltinDef& b, const std::vector<Value>& vals, VCont k) {
    BuiltinResult r = b.fn(*env_.ctx, vals);
    switch (r.state()) {
      case BuiltinResult::State::kValue:
        if (b.relation && r.value().is_array()) {
          for (const Value& v : r.value().array())
            if (!k(v)) return false;
          return true;
        }
        return k(r.value());
      case BuiltinResult::State::kUndefined:
        return true;
      case BuiltinResult::State::kError:
        if (r.halt() || env_.options->strict_builtin_errors)
          Throw(t.loc, r.code(), r.message(),
                r.code() == "eval_cancel_error" ? Errc::kTimeout : Errc::kMalformed);
        return true;
    }
    return true;
  }

  bool CallUser(const RuleNode& node, const std::vector<Value>& args, const Location& loc,
                VCont k) {
    DepthGuard g(this, loc);
    std::optional<Value> result;
    for (auto& rp : node.rules) {
      for (const Rule* r = rp.get(); r; r = r->else_rule.get()) {
        bool produced = false;
        WithFrame(r->num_slots, [&]() {
          BindArgs(*r, args, 0, [&]() {
            return EvalBody(r->body, 0, [&]() {
              auto take = [&](const Value& v) {
                produced = true;
                if (result && *result != v)
                  Throw(r->loc, "eval_conflict_error",
                        "functions must not produce multiple outputs for same inputs");
                result = v;
                return true;
              };
              if (!r->value) return take(Value::Bool(true));
              return EvalTerm(*r->value, take);
            });
          });
        });
        if (produced) break;
      }
    }
    if (!result && node.default_rule) {
      const Rule& d = *node.default_rule;
      WithFrame(d.num_slots, [&]() {
        EvalTerm(*d.value, [&](const Value& v) {
          result = v;
          return false;
        });
      });
    }
    if (!result) return true;
    Value v = *result;
    return k(v);
  }

  bool BindArgs(const Rule& r, const std::vector<Value>& args, size_t i, Cont k) {
    if (i == r.args.size() || i == args.size()) return k();
    return UnifyValue(*r.args[i], args[i], [&]() { return BindArgs(r, args, i + 1, k); });
  }

  const EvalEnv& env_;
  const Program& prog_;
  State st_;
  Frame* frame_ = nullptr;
  const CompiledQuery* query_ = nullptr;
  std::vector<Value> expr_values_;
  int depth_ = 0;
  uint64_t ticks_ = 0;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace

Result<QueryResult> Evaluate(const EvalEnv& env, const CompiledQuery& query) {
  Eval ev(env);
  try {
    return ev.Run(query);
  } catch (const EvalAbort& a) {
    return a.error;
  }
}

}  // namespace attestfs::rego

// Compiler implementation: rule tree, variable resolution (scopes), call binding, safety
// reordering and the recursion check. Errors are "file:row:col: code: message".
#include "rego/compiler.h"

#include <algorithm>
#include <functional>
#include <set>

#include "rego/compile_fail.h"
#include "rego/safety.h"

namespace attestfs::rego {
namespace {

[[noreturn]] void Fail(const Location& loc, const std::string& code, const std::string& msg) {
  ThrowCompileError(loc, code, msg);
}

std::string PathName(const std::vector<Value>& path) {
  std::string n = "data";
  for (const auto& p : path) {
    if (p.is_string()) {
      n += "." + p.string();
    } else {
      n += "[" + p.ToJson() + "]";
    }
  }
  return n;
}

RuleNode* Ensure(Program& prog, const std::vector<Value>& path) {
  RuleNode* n = &prog.root;
  for (size_t i = 0; i < path.size(); ++i) {
    auto& c = n->children[path[i]];
    if (!c) {
      c = std::make_unique<RuleNode>();
      c->path.assign(path.begin(), path.begin() + static_cast<long>(i) + 1);
      c->name = PathName(c->path);
      c->id = ++prog.num_nodes;
    }
    n = c.get();
  }
  return n;
}

struct Scope {
  Scope* parent = nullptr;
  int depth = 0;
  std::map<std::string, int> vars;
  std::set<std::string> assigned;
  std::set<std::string> level_names;
};

bool IsInternal(const std::string& n) {
  return n == "internal.member_2" || n == "internal.member_3" || n == "print" || n == "equal" ||
         n == "neq";
}

int InternalArity(const std::string& n) {
  if (n == "internal.member_3") return 3;
  if (n == "print") return -1;
  return 2;
}

class Resolver {
 public:
  Resolver(const Program& prog, const BuiltinRegistry& builtins, const Module* mod,
           const std::map<std::vector<Value>, std::set<std::string>>& pkg_rules)
      : prog_(prog), builtins_(builtins), mod_(mod), pkg_rules_(pkg_rules) {
    if (mod_) {
      auto it = pkg_rules_.find(mod_->package);
      if (it != pkg_rules_.end()) rules_ = &it->second;
    }
  }

  int num_slots() const { return static_cast<int>(slot_names_.size()); }
  const std::vector<std::string>& slot_names() const { return slot_names_; }

  int NewSlot(const std::string& name, Scope& s) {
    slot_names_.push_back(name);
    slot_depth_.push_back(s.depth);
    return static_cast<int>(slot_names_.size()) - 1;
  }

  // ---- names at one level (closures excluded)
  static void TermNames(const Term& t, std::set<std::string>& out) {
    switch (t.kind) {
      case TermKind::kVar:
        if (!t.wildcard) out.insert(t.name);
        break;
      case TermKind::kRef:
      case TermKind::kArray:
      case TermKind::kObject:
      case TermKind::kSet:
      case TermKind::kCall:
        for (auto& a : t.args) TermNames(*a, out);
        break;
      default:
        break;
    }
  }
  static void BodyNames(const Body& b, std::set<std::string>& out) {
    std::set<std::string> declared;
    for (auto& e : b.exprs) {
      if (e.kind == ExprKind::kAssign) TermNames(*e.terms[0], declared);
      if (e.kind == ExprKind::kSome)
        for (auto& t : e.terms) declared.insert(t->name);
      if (e.kind == ExprKind::kSomeIn)
        for (int i = 0; i < 2; ++i)
          if (e.terms[i]) TermNames(*e.terms[i], declared);
    }
    BodyNamesAll(b, out);
    for (auto& d : declared) out.erase(d);
  }
  static void BodyNamesAll(const Body& b, std::set<std::string>& out) {
    for (auto& e : b.exprs) {
      if (e.kind == ExprKind::kEvery) {
        TermNames(*e.terms[2], out);
        continue;
      }
      for (auto& t : e.terms)
        if (t) TermNames(*t, out);
      for (auto& w : e.withs) TermNames(*w.value, out);
    }
  }

  TermPtr RootVar(int slot, const Location& loc) {
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kVar;
    t->name = slot == kSlotData ? "data" : "input";
    t->slot = slot;
    t->loc = loc;
    return t;
  }

  TermPtr RefFromPath(const std::vector<Value>& path, const Location& loc) {
    const std::string& root = path[0].string();
    TermPtr head = RootVar(root == "input" ? kSlotInput : kSlotData, loc);
    if (path.size() == 1) return head;
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kRef;
    t->loc = loc;
    t->args.push_back(head);
    for (size_t i = 1; i < path.size(); ++i) {
      auto k = std::make_shared<Term>();
      k->kind = TermKind::kValue;
      k->value = path[i];
      k->loc = loc;
      t->args.push_back(k);
    }
    return t;
  }

  const Import* FindImport(const std::string& name) const {
    if (!mod_) return nullptr;
    for (auto& imp : mod_->imports)
      if (imp.alias == name) return &imp;
    return nullptr;
  }

  // Resolves a variable name: a slot, or a ref (rule, import, root) in `repl`.
  int Lookup(const std::string& name, Scope& scope, const Location& loc, TermPtr* repl) {
    for (Scope* s = &scope; s; s = s->parent) {
      auto it = s->vars.find(name);
      if (it != s->vars.end()) return it->second;
    }
    if (name == "data") {
      *repl = RootVar(kSlotData, loc);
      return kSlotUnresolved;
    }
    if (name == "input") {
      *repl = RootVar(kSlotInput, loc);
      return kSlotUnresolved;
    }
    if (rules_ && rules_->count(name)) {
      std::vector<Value> p{Value::String("data")};
      for (auto& v : mod_->package) p.push_back(v);
      p.push_back(Value::String(name));
      *repl = RefFromPath(p, loc);
      return kSlotUnresolved;
    }
    if (const Import* imp = FindImport(name)) {
      *repl = RefFromPath(imp->path, loc);
      return kSlotUnresolved;
    }
    Scope* owner = &scope;
    std::vector<Scope*> chain;
    for (Scope* s = &scope; s; s = s->parent) chain.push_back(s);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if ((*it)->level_names.count(name)) {
        owner = *it;
        break;
      }
    }
    int slot = NewSlot(name, *owner);
    owner->vars[name] = slot;
    return slot;
  }

  void ResolveTerm(TermPtr& tp, Scope& scope) {
    Term& t = *tp;
    switch (t.kind) {
      case TermKind::kValue:
        return;
      case TermKind::kVar: {
        if (t.slot != kSlotUnresolved) return;
        if (t.wildcard) {
          t.slot = NewSlot("_", scope);
          return;
        }
        TermPtr repl;
        int slot = Lookup(t.name, scope, t.loc, &repl);
        if (repl) {
          tp = repl;
        } else {
          t.slot = slot;
        }
        return;
      }
      case TermKind::kRef: {
        ResolveTerm(t.args[0], scope);
        if (t.args[0]->kind == TermKind::kRef) {
          std::vector<TermPtr> args = t.args[0]->args;
          for (size_t i = 1; i < t.args.size(); ++i) args.push_back(t.args[i]);
          t.args = std::move(args);
        }
        for (size_t i = 1; i < t.args.size(); ++i) ResolveTerm(t.args[i], scope);
        return;
      }
      case TermKind::kArray:
      case TermKind::kSet:
      case TermKind::kObject:
        for (auto& a : t.args) ResolveTerm(a, scope);
        return;
      case TermKind::kCall: {
        if (t.name == "set" && t.args.empty() && !t.fn_node) {
          t.kind = TermKind::kValue;
          t.value = Value::FromSet({});
          return;
        }
        ResolveCallName(t, scope);
        for (auto& a : t.args) ResolveTerm(a, scope);
        if (t.arity >= 0 && t.args.size() != static_cast<size_t>(t.arity) &&
            t.args.size() != static_cast<size_t>(t.arity) + 1) {
          Fail(t.loc, "rego_type_error",
               t.name + ": arity mismatch: expected " + std::to_string(t.arity) +
                   " arguments, got " + std::to_string(t.args.size()));
        }
        return;
      }
      case TermKind::kArrayCompr:
      case TermKind::kSetCompr:
      case TermKind::kObjectCompr: {
        Scope inner;
        inner.parent = &scope;
        inner.depth = scope.depth + 1;
        BodyNames(*t.body, inner.level_names);
        for (auto& a : t.args) TermNames(*a, inner.level_names);
        ResolveBody(*t.body, inner);
        for (auto& a : t.args) ResolveTerm(a, inner);
        ComputeFree(*t.body, &t, inner.depth);
        return;
      }
    }
  }

  // Outer slots used inside a closure.
  void ComputeFree(Body& body, const Term* head, int depth) {
    std::set<int> used;
    std::function<void(const Term&)> walk = [&](const Term& t) {
      if (t.kind == TermKind::kVar && t.slot >= 0 && slot_depth_[t.slot] < depth)
        used.insert(t.slot);
      for (auto& a : t.args) walk(*a);
      if (t.body)
        for (int s : t.body->closure_free)
          if (slot_depth_[s] < depth) used.insert(s);
    };
    for (auto& e : body.exprs) {
      for (auto& t : e.terms)
        if (t) walk(*t);
      for (auto& w : e.withs) walk(*w.value);
      if (e.body)
        for (int s : e.body->closure_free)
          if (slot_depth_[s] < depth) used.insert(s);
    }
    if (head)
      for (auto& a : head->args) walk(*a);
    body.closure_free.assign(used.begin(), used.end());
  }

  // Resolves a dotted function name to a user function or a builtin.
  void ResolveCallName(Term& t, Scope& scope) {
    if (t.fn_node || t.builtin || IsInternal(t.name)) {
      if (IsInternal(t.name)) t.arity = InternalArity(t.name);
      return;
    }
    std::vector<std::string> parts;
    size_t s = 0;
    while (true) {
      size_t d = t.name.find('.', s);
      parts.push_back(t.name.substr(s, d == std::string::npos ? std::string::npos : d - s));
      if (d == std::string::npos) break;
      s = d + 1;
    }
    std::vector<Value> path;
    bool user = false;
    bool local = false;
    for (Scope* sc = &scope; sc; sc = sc->parent)
      if (sc->vars.count(parts[0])) local = true;
    if (parts[0] == "data") {
      user = true;
      for (size_t i = 1; i < parts.size(); ++i) path.push_back(Value::String(parts[i]));
    } else if (!local && rules_ && rules_->count(parts[0])) {
      user = true;
      path = mod_->package;
      for (auto& p : parts) path.push_back(Value::String(p));
    } else if (const Import* imp = local ? nullptr : FindImport(parts[0])) {
      if (imp->path[0].string() == "data") {
        user = true;
        path.assign(imp->path.begin() + 1, imp->path.end());
        for (size_t i = 1; i < parts.size(); ++i) path.push_back(Value::String(parts[i]));
      }
    }
    if (user) {
      const RuleNode* n = FindNode(prog_.root, path);
      if (n && n->has_rules() && n->is_function()) {
        t.fn_node = n;
        t.name = n->name;
        t.arity = n->arity();
        return;
      }
      if (parts[0] == "data" || rules_) {
        // maybe a builtin spelled with a package-like prefix; fall through
      }
    }
    if (const BuiltinDef* b = builtins_.Find(t.name)) {
      t.builtin = b;
      t.arity = b->arity;
      return;
    }
    if (IsInternal(t.name)) {
      t.arity = InternalArity(t.name);
      return;
    }
    Fail(t.loc, "rego_type_error", "undefined function " + t.name);
  }

  void DeclarePattern(TermPtr& tp, Scope& scope, bool assign) {
    Term& t = *tp;
    switch (t.kind) {
      case TermKind::kVar: {
        if (t.wildcard) {
          t.slot = NewSlot("_", scope);
          return;
        }
        if (assign) {
          auto it = scope.vars.find(t.name);
          if (it != scope.vars.end()) {
            Fail(t.loc, "rego_compile_error",
                 "var " + t.name +
                     (scope.assigned.count(t.name) ? " assigned above" : " referenced above"));
          }
          scope.assigned.insert(t.name);
        }
        int slot = NewSlot(t.name, scope);
        scope.vars[t.name] = slot;
        t.slot = slot;
        return;
      }
      case TermKind::kArray:
        for (auto& a : t.args) DeclarePattern(a, scope, assign);
        return;
      case TermKind::kObject:
        for (size_t i = 0; i + 1 < t.args.size(); i += 2) {
          ResolveTerm(t.args[i], scope);
          DeclarePattern(t.args[i + 1], scope, assign);
        }
        return;
      default:
        ResolveTerm(tp, scope);
    }
  }

  // Function arguments: a repeated name is the same variable.
  void DeclareArg(TermPtr& tp, Scope& scope) {
    Term& t = *tp;
    if (t.kind == TermKind::kVar) {
      if (t.wildcard) {
        t.slot = NewSlot("_", scope);
        return;
      }
      auto it = scope.vars.find(t.name);
      if (it != scope.vars.end()) {
        t.slot = it->second;
        return;
      }
      int slot = NewSlot(t.name, scope);
      scope.vars[t.name] = slot;
      scope.assigned.insert(t.name);
      t.slot = slot;
      return;
    }
    if (t.kind == TermKind::kArray || t.kind == TermKind::kSet) {
      for (auto& a : t.args) DeclareArg(a, scope);
      return;
    }
    if (t.kind == TermKind::kObject) {
      for (size_t i = 0; i + 1 < t.args.size(); i += 2) {
        ResolveTerm(t.args[i], scope);
        DeclareArg(t.args[i + 1], scope);
      }
      return;
    }
    ResolveTerm(tp, scope);
  }

  void ResolveWith(With& w, Scope& scope) {
    const Term& tg = *w.target;
    std::vector<std::string> parts;
    if (tg.kind == TermKind::kVar) {
      parts.push_back(tg.name);
    } else if (tg.kind == TermKind::kRef && tg.args[0]->kind == TermKind::kVar) {
      parts.push_back(tg.args[0]->name);
      for (size_t i = 1; i < tg.args.size(); ++i) {
        if (tg.args[i]->kind != TermKind::kValue)
          Fail(tg.loc, "rego_compile_error", "with keyword target must be a ground ref");
        w.path.push_back(tg.args[i]->value);
      }
    } else {
      Fail(tg.loc, "rego_compile_error", "with keyword target must be a ref");
    }
    if (parts[0] == "input") {
      w.root = 0;
    } else if (parts[0] == "data") {
      w.root = 1;
      const RuleNode* n = FindNode(prog_.root, w.path);
      if (n && n->has_rules() && n->is_function()) {
        w.root = 2;
        w.fn_name = n->name;
      }
    } else {
      // a function: user (package-relative or imported) or builtin
      std::string name = parts[0];
      for (auto& p : w.path) name += "." + (p.is_string() ? p.string() : p.ToJson());
      Term probe;
      probe.kind = TermKind::kCall;
      probe.name = name;
      probe.loc = tg.loc;
      ResolveCallName(probe, scope);
      w.root = 2;
      w.fn_name = probe.name;
      w.path.clear();
    }
    // with f as g: a function reference
    if (w.root == 2) {
      const Term& v = *w.value;
      std::string vname;
      if (v.kind == TermKind::kVar && !v.wildcard) {
        vname = v.name;
      } else if (v.kind == TermKind::kRef && v.args[0]->kind == TermKind::kVar) {
        vname = v.args[0]->name;
        for (size_t i = 1; i < v.args.size(); ++i) {
          if (v.args[i]->kind != TermKind::kValue || !v.args[i]->value.is_string()) {
            vname.clear();
            break;
          }
          vname += "." + v.args[i]->value.string();
        }
      }
      bool is_local = false;
      if (!vname.empty()) {
        std::string first = vname.substr(0, vname.find('.'));
        for (Scope* sc = &scope; sc; sc = sc->parent)
          if (sc->vars.count(first)) is_local = true;
      }
      if (!vname.empty() && !is_local) {
        Term probe;
        probe.kind = TermKind::kCall;
        probe.name = vname;
        probe.loc = v.loc;
        bool ok = true;
        try {
          ResolveCallName(probe, scope);
        } catch (const CompileFail&) {
          ok = false;
        }
        if (ok) {
          auto ref = std::make_shared<Term>(probe);
          ref->arity = -2;  // marks a function reference
          w.value = ref;
          return;
        }
      }
    }
    ResolveTerm(w.value, scope);
  }

  void ResolveExpr(Expr& e, Scope& scope) {
    for (auto& w : e.withs) ResolveWith(w, scope);
    switch (e.kind) {
      case ExprKind::kTerm:
        ResolveTerm(e.terms[0], scope);
        break;
      case ExprKind::kUnify:
        ResolveTerm(e.terms[1], scope);
        ResolveTerm(e.terms[0], scope);
        break;
      case ExprKind::kAssign:
        ResolveTerm(e.terms[1], scope);
        DeclarePattern(e.terms[0], scope, true);
        break;
      case ExprKind::kSome:
        for (auto& t : e.terms) {
          int slot = NewSlot(t->name, scope);
          scope.vars[t->name] = slot;
          t->slot = slot;
        }
        break;
      case ExprKind::kSomeIn:
        ResolveTerm(e.terms[2], scope);
        if (e.terms[0]) DeclarePattern(e.terms[0], scope, false);
        DeclarePattern(e.terms[1], scope, false);
        break;
      case ExprKind::kEvery: {
        ResolveTerm(e.terms[2], scope);
        Scope inner;
        inner.parent = &scope;
        inner.depth = scope.depth + 1;
        BodyNames(*e.body, inner.level_names);
        if (e.terms[0]) DeclarePattern(e.terms[0], inner, false);
        DeclarePattern(e.terms[1], inner, false);
        ResolveBody(*e.body, inner);
        ComputeFree(*e.body, nullptr, inner.depth);
        break;
      }
    }
  }

  void ResolveBody(Body& b, Scope& scope) {
    for (auto& e : b.exprs) ResolveExpr(e, scope);
  }

 private:
  const Program& prog_;
  const BuiltinRegistry& builtins_;
  const Module* mod_;
  const std::map<std::vector<Value>, std::set<std::string>>& pkg_rules_;
  const std::set<std::string>* rules_ = nullptr;
  std::vector<std::string> slot_names_;
  std::vector<int> slot_depth_;
};

void CompileRule(Rule& rule, const Module& mod, const Program& prog,
                 const BuiltinRegistry& builtins,
                 const std::map<std::vector<Value>, std::set<std::string>>& pkg_rules) {
  Resolver r(prog, builtins, &mod, pkg_rules);
  Scope scope;
  for (auto& t : rule.rest) Resolver::TermNames(*t, scope.level_names);
  if (rule.key) Resolver::TermNames(*rule.key, scope.level_names);
  if (rule.value) Resolver::TermNames(*rule.value, scope.level_names);
  Resolver::BodyNames(rule.body, scope.level_names);
  for (auto& a : rule.args) r.DeclareArg(a, scope);
  r.ResolveBody(rule.body, scope);
  for (auto& t : rule.rest) r.ResolveTerm(t, scope);
  if (rule.key) r.ResolveTerm(rule.key, scope);
  if (rule.value) r.ResolveTerm(rule.value, scope);
  rule.num_slots = r.num_slots();

  const auto& names = r.slot_names();
  Bound bound(static_cast<size_t>(rule.num_slots), 0);
  for (auto& a : rule.args) BindAll(*a, bound);
  std::vector<const Term*> head;
  for (auto& t : rule.rest) head.push_back(t.get());
  if (rule.key) head.push_back(rule.key.get());
  if (rule.value) head.push_back(rule.value.get());
  OrderBody(rule.body, bound, head, names);
  for (const Term* t : head) {
    std::vector<int> v;
    NeededVars(*t, v);
    for (int s : v)
      if (!bound[s])
        Fail(t->loc, "rego_unsafe_var_error", "var " + r.slot_names()[s] + " is unsafe");
  }
  for (auto& t : rule.rest) OrderTermClosures(*t, bound, names);
  if (rule.key) OrderTermClosures(*rule.key, bound, names);
  if (rule.value) OrderTermClosures(*rule.value, bound, names);
}

// ---- recursion check
void CollectDeps(const Term& t, const RuleNode& root, std::set<const RuleNode*>& out) {
  if (t.kind == TermKind::kCall && t.fn_node) out.insert(t.fn_node);
  if (t.kind == TermKind::kRef && t.args[0]->kind == TermKind::kVar &&
      t.args[0]->slot == kSlotData) {
    const RuleNode* n = &root;
    size_t i = 1;
    for (; i < t.args.size(); ++i) {
      if (n->has_rules()) break;
      if (t.args[i]->kind != TermKind::kValue) break;
      auto it = n->children.find(t.args[i]->value);
      if (it == n->children.end()) {
        n = nullptr;
        break;
      }
      n = it->second.get();
    }
    if (n) {
      std::function<void(const RuleNode&)> all = [&](const RuleNode& x) {
        if (x.has_rules()) out.insert(&x);
        for (auto& [k, c] : x.children) all(*c);
      };
      if (n->has_rules()) {
        out.insert(n);
      } else {
        all(*n);
      }
    }
  }
  if (t.kind == TermKind::kVar && t.slot == kSlotData) {
    // the whole data document: everything
  }
  for (auto& a : t.args) CollectDeps(*a, root, out);
  if (t.body)
    for (auto& e : t.body->exprs)
      for (auto& x : e.terms)
        if (x) CollectDeps(*x, root, out);
}

void CollectBodyDeps(const Body& b, const RuleNode& root, std::set<const RuleNode*>& out) {
  for (auto& e : b.exprs) {
    for (auto& x : e.terms)
      if (x) CollectDeps(*x, root, out);
    for (auto& w : e.withs) CollectDeps(*w.value, root, out);
    if (e.body) CollectBodyDeps(*e.body, root, out);
  }
}

void CheckRecursion(const Program& prog) {
  std::map<const RuleNode*, std::set<const RuleNode*>> deps;
  std::vector<const RuleNode*> nodes;
  std::function<void(const RuleNode&)> visit = [&](const RuleNode& n) {
    if (n.has_rules()) {
      nodes.push_back(&n);
      auto& d = deps[&n];
      auto add = [&](const Rule& r) {
        for (const Rule* x = &r; x; x = x->else_rule.get()) {
          CollectBodyDeps(x->body, prog.root, d);
          for (auto& t : x->rest) CollectDeps(*t, prog.root, d);
          if (x->key) CollectDeps(*x->key, prog.root, d);
          if (x->value) CollectDeps(*x->value, prog.root, d);
        }
      };
      for (auto& r : n.rules) add(*r);
      if (n.default_rule) add(*n.default_rule);
    }
    for (auto& [k, c] : n.children) visit(*c);
  };
  visit(prog.root);
  std::map<const RuleNode*, int> state;
  std::vector<const RuleNode*> stack;
  std::function<void(const RuleNode*)> dfs = [&](const RuleNode* n) {
    state[n] = 1;
    stack.push_back(n);
    for (const RuleNode* d : deps[n]) {
      if (state[d] == 1) {
        std::string path;
        auto it = std::find(stack.begin(), stack.end(), d);
        for (; it != stack.end(); ++it) path += (*it)->name + " -> ";
        path += d->name;
        const Rule& r = d->rules.empty() ? *d->default_rule : *d->rules[0];
        Fail(r.loc, "rego_recursion_error", "rule " + d->name + " is recursive: " + path);
      }
      if (state[d] == 0) dfs(d);
    }
    stack.pop_back();
    state[n] = 2;
  };
  for (auto* n : nodes)
    if (state[n] == 0) dfs(n);
}

}  // namespace

void ThrowCompileError(const Location& loc, const std::string& code, const std::string& msg) {
  throw CompileFail{Error(Errc::kInvalidArgument, (loc.file ? *loc.file : std::string("query")) +
                                                      ":" + std::to_string(loc.row) + ":" +
                                                      std::to_string(loc.col) + ": " + code + ": " +
                                                      msg)};
}

const RuleNode* FindNode(const RuleNode& root, const std::vector<Value>& path) {
  const RuleNode* n = &root;
  for (const auto& p : path) {
    auto it = n->children.find(p);
    if (it == n->children.end()) return nullptr;
    n = it->second.get();
  }
  return n;
}

Result<std::unique_ptr<Program>> CompileProgram(std::vector<std::shared_ptr<Module>> modules,
                                                const BuiltinRegistry& builtins) {
  auto prog = std::make_unique<Program>();
  prog->root.name = "data";
  prog->modules = std::move(modules);
  std::map<std::vector<Value>, std::set<std::string>> pkg_rules;
  try {
    // rule tree
    for (auto& m : prog->modules) {
      Ensure(*prog, m->package);
      auto& names = pkg_rules[m->package];
      for (auto& rp : m->rules) {
        for (Rule* r = rp.get(); r; r = r->else_rule.get()) {
          std::vector<Value> path = m->package;
          path.push_back(Value::String(r->head[0]->name));
          r->rest.clear();
          size_t i = 1;
          for (; i < r->head.size(); ++i) {
            if (r->head[i]->kind != TermKind::kValue) break;
            path.push_back(r->head[i]->value);
          }
          if (r->kind == RuleKind::kPartialObject) {
            if (i == r->head.size()) {
              // `p[k] = v` with a constant key: a complete rule at p.k
              r->kind = RuleKind::kComplete;
            }
            for (; i < r->head.size(); ++i) r->rest.push_back(r->head[i]);
          } else if (i < r->head.size()) {
            Fail(r->loc, "rego_parse_error", "rule head must be a ground reference");
          }
          r->path = path;
        }
        names.insert(rp->head[0]->name);
        RuleNode* n = Ensure(*prog, rp->path);
        if (rp->is_default) {
          if (n->default_rule)
            Fail(rp->loc, "rego_type_error", "multiple default rules " + n->name + " found");
          n->default_rule = rp;
        } else {
          if (!n->rules.empty() && n->rules[0]->kind != rp->kind)
            Fail(rp->loc, "rego_type_error", "conflicting rules " + n->name + " found");
          n->rules.push_back(rp);
        }
      }
    }
    for (auto& m : prog->modules)
      for (auto& rp : m->rules)
        for (Rule* r = rp.get(); r; r = r->else_rule.get())
          CompileRule(*r, *m, *prog, builtins, pkg_rules);
    CheckRecursion(*prog);
  } catch (const CompileFail& f) {
    return f.error;
  }
  return prog;
}

Result<CompiledQuery> CompileQuery(Body body, const Program& program,
                                   const BuiltinRegistry& builtins) {
  static const std::map<std::vector<Value>, std::set<std::string>> kNone;
  CompiledQuery q;
  try {
    Resolver r(program, builtins, nullptr, kNone);
    Scope scope;
    for (size_t i = 0; i < body.exprs.size(); ++i) body.exprs[i].orig = static_cast<int>(i);
    Resolver::BodyNames(body, scope.level_names);
    r.ResolveBody(body, scope);
    q.num_slots = r.num_slots();
    Bound bound(static_cast<size_t>(q.num_slots), 0);
    OrderBody(body, bound, {}, r.slot_names());
    for (auto& [name, slot] : scope.vars)
      if (name.rfind("__", 0) != 0 || true) q.vars.emplace_back(name, slot);
  } catch (const CompileFail& f) {
    return f.error;
  }
  q.body = std::move(body);
  return q;
}

}  // namespace attestfs::rego

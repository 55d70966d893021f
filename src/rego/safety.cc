// Safety ordering: which variables each expression needs bound and which it binds, and the
// greedy reordering of bodies (OPA's rule: run the first expression whose inputs are bound;
// none left runnable = rego_unsafe_var_error). Closures (comprehensions, every) are ordered with
// the outer bindings they see.
#include "rego/safety.h"

#include <map>
#include <set>

#include "rego/compile_fail.h"

namespace attestfs::rego {

// Slots a pattern (the side of `=` being matched) needs: none for vars, element-wise for
// array/object literals, NeededVars for anything evaluated.
static void PatternNeeded(const Term& t, std::vector<int>& out);

namespace {

[[noreturn]] void Fail(const Location& loc, const std::string& code, const std::string& msg) {
  ThrowCompileError(loc, code, msg);
}

}  // namespace

void AllVars(const Term& t, std::vector<int>& out) {
  if (t.kind == TermKind::kVar) {
    if (t.slot >= 0) out.push_back(t.slot);
    return;
  }
  if (t.body) {
    for (int s : t.body->closure_free) out.push_back(s);
    return;
  }
  for (auto& a : t.args) AllVars(*a, out);
}

void NeededVars(const Term& t, std::vector<int>& out) {
  switch (t.kind) {
    case TermKind::kVar:
      if (t.slot >= 0) out.push_back(t.slot);
      return;
    case TermKind::kRef:
      NeededVars(*t.args[0], out);
      for (size_t i = 1; i < t.args.size(); ++i)
        if (t.args[i]->kind != TermKind::kVar) PatternNeeded(*t.args[i], out);
      return;
    case TermKind::kCall: {
      size_t n = t.args.size();
      size_t ins = (t.arity >= 0 && n == static_cast<size_t>(t.arity) + 1) ? n - 1 : n;
      for (size_t i = 0; i < ins; ++i) NeededVars(*t.args[i], out);
      if (ins < n) PatternNeeded(*t.args[n - 1], out);
      return;
    }
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
    case TermKind::kObjectCompr:
      for (int s : t.body->closure_free) out.push_back(s);
      return;
    default:
      for (auto& a : t.args) NeededVars(*a, out);
  }
}

static void PatternNeeded(const Term& t, std::vector<int>& out) {
  switch (t.kind) {
    case TermKind::kVar:
      return;
    case TermKind::kArray:
      for (auto& a : t.args) PatternNeeded(*a, out);
      return;
    case TermKind::kObject:
      for (size_t i = 0; i + 1 < t.args.size(); i += 2) {
        NeededVars(*t.args[i], out);
        PatternNeeded(*t.args[i + 1], out);
      }
      return;
    default:
      NeededVars(t, out);
  }
}

static bool AllBound(const std::vector<int>& v, const Bound& b) {
  for (int s : v)
    if (!b[s]) return false;
  return true;
}

void BindAll(const Term& t, Bound& b) {
  std::vector<int> v;
  AllVars(t, v);
  for (int s : v) b[s] = 1;
}

static bool UnifySafe(const Term& a, const Term& b, Bound& bound) {
  std::vector<int> na, nb, pa, pb;
  NeededVars(a, na);
  NeededVars(b, nb);
  PatternNeeded(a, pa);
  PatternNeeded(b, pb);
  if ((AllBound(na, bound) && AllBound(pb, bound)) ||
      (AllBound(nb, bound) && AllBound(pa, bound))) {
    BindAll(a, bound);
    BindAll(b, bound);
    return true;
  }
  bool arrays =
      a.kind == TermKind::kArray && b.kind == TermKind::kArray && a.args.size() == b.args.size();
  bool objects =
      a.kind == TermKind::kObject && b.kind == TermKind::kObject && a.args.size() == b.args.size();
  if (!arrays && !objects) return false;
  std::vector<std::pair<const Term*, const Term*>> pairs;
  if (arrays) {
    for (size_t i = 0; i < a.args.size(); ++i) pairs.push_back({a.args[i].get(), b.args[i].get()});
  } else {
    for (size_t i = 0; i + 1 < a.args.size(); i += 2) {
      const Term* match = nullptr;
      for (size_t j = 0; j + 1 < b.args.size(); j += 2)
        if (a.args[i]->kind == TermKind::kValue && b.args[j]->kind == TermKind::kValue &&
            a.args[i]->value == b.args[j]->value)
          match = b.args[j + 1].get();
      if (!match) return false;
      pairs.push_back({a.args[i + 1].get(), match});
    }
  }
  Bound trial = bound;
  std::vector<char> done(pairs.size(), 0);
  size_t left = pairs.size();
  bool progress = true;
  while (left && progress) {
    progress = false;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (done[i]) continue;
      if (UnifySafe(*pairs[i].first, *pairs[i].second, trial)) {
        done[i] = 1;
        --left;
        progress = true;
      }
    }
  }
  if (left) return false;
  bound = trial;
  return true;
}

namespace {

class Orderer {
 public:
  Orderer(const std::vector<std::string>& names) : names_(names) {}

  // Reorders `body` so each expression's inputs are bound before it runs.
  void Order(Body& body, Bound& bound, const std::vector<const Term*>& extra_users) {
    std::map<int, int> occurs;
    auto count = [&](const Term& t) {
      std::vector<int> v;
      AllVars(t, v);
      std::set<int> uniq(v.begin(), v.end());
      for (int s : uniq) occurs[s]++;
    };
    std::vector<std::map<int, int>> per_expr(body.exprs.size());
    for (size_t i = 0; i < body.exprs.size(); ++i) {
      const Expr& e = body.exprs[i];
      std::set<int> uniq;
      std::vector<int> v;
      for (auto& t : e.terms)
        if (t) AllVars(*t, v);
      for (auto& w : e.withs) AllVars(*w.value, v);
      if (e.body)
        for (int s : e.body->closure_free) v.push_back(s);
      uniq.insert(v.begin(), v.end());
      for (int s : uniq) occurs[s]++;
    }
    for (auto* t : extra_users) count(*t);

    std::vector<Expr> out;
    std::vector<char> done(body.exprs.size(), 0);
    size_t left = body.exprs.size();
    while (left) {
      bool found = false;
      for (size_t i = 0; i < body.exprs.size(); ++i) {
        if (done[i]) continue;
        Expr& e = body.exprs[i];
        std::vector<int> missing;
        if (TrySchedule(e, bound, occurs, &missing)) {
          done[i] = 1;
          --left;
          found = true;
          OrderNested(e, bound);
          out.push_back(std::move(e));
          break;
        }
      }
      if (!found) {
        for (size_t i = 0; i < body.exprs.size(); ++i) {
          if (done[i]) continue;
          std::vector<int> missing;
          Bound copy = bound;
          TrySchedule(body.exprs[i], copy, occurs, &missing);
          std::string name = missing.empty() ? "?" : names_[missing[0]];
          Fail(body.exprs[i].loc, "rego_unsafe_var_error", "var " + name + " is unsafe");
        }
      }
    }
    body.exprs = std::move(out);
  }

  void OrderTermClosures(Term& t, const Bound& bound) {
    if (t.body) {
      Bound b = bound;
      b.resize(names_.size(), 0);
      Order(*t.body, b, {});
      std::vector<int> missing;
      for (auto& a : t.args) {
        std::vector<int> v;
        NeededVars(*a, v);
        for (int s : v)
          if (!b[s]) Fail(t.loc, "rego_unsafe_var_error", "var " + names_[s] + " is unsafe");
      }
      for (auto& a : t.args) OrderTermClosures(*a, b);
      return;
    }
    for (auto& a : t.args) OrderTermClosures(*a, bound);
  }

 private:
  bool TrySchedule(Expr& e, Bound& bound, std::map<int, int>& occurs, std::vector<int>* missing) {
    std::vector<int> need;
    for (auto& w : e.withs) NeededVars(*w.value, need);
    auto check = [&](const std::vector<int>& v) {
      bool ok = true;
      for (int s : v)
        if (!bound[s]) {
          missing->push_back(s);
          ok = false;
        }
      return ok;
    };
    if (!check(need)) return false;
    if (e.negated) {
      std::vector<int> v, all;
      for (auto& t : e.terms)
        if (t) {
          if (e.kind == ExprKind::kTerm) {
            NeededVars(*t, v);
          } else {
            NeededVars(*t, v);
          }
          AllVars(*t, all);
        }
      for (int s : all)
        if (occurs[s] > 1) v.push_back(s);
      return check(v);
    }
    switch (e.kind) {
      case ExprKind::kSome:
        return true;
      case ExprKind::kTerm: {
        std::vector<int> v;
        NeededVars(*e.terms[0], v);
        if (!check(v)) return false;
        BindAll(*e.terms[0], bound);
        return true;
      }
      case ExprKind::kUnify:
      case ExprKind::kAssign: {
        Bound trial = bound;
        if (UnifySafe(*e.terms[0], *e.terms[1], trial)) {
          bound = trial;
          return true;
        }
        std::vector<int> v;
        AllVars(*e.terms[0], v);
        AllVars(*e.terms[1], v);
        for (int s : v)
          if (!bound[s]) missing->push_back(s);
        return false;
      }
      case ExprKind::kSomeIn: {
        std::vector<int> v;
        NeededVars(*e.terms[2], v);
        if (e.terms[0]) PatternNeeded(*e.terms[0], v);
        PatternNeeded(*e.terms[1], v);
        if (!check(v)) return false;
        for (auto& t : e.terms)
          if (t) BindAll(*t, bound);
        return true;
      }
      case ExprKind::kEvery: {
        std::vector<int> v;
        NeededVars(*e.terms[2], v);
        for (int s : e.body->closure_free) v.push_back(s);
        return check(v);
      }
    }
    return false;
  }

  void OrderNested(Expr& e, const Bound& bound) {
    for (auto& t : e.terms)
      if (t) OrderTermClosures(*t, bound);
    for (auto& w : e.withs) OrderTermClosures(*w.value, bound);
    if (e.kind == ExprKind::kEvery) {
      Bound b = bound;
      b.resize(names_.size(), 0);
      for (int i = 0; i < 2; ++i)
        if (e.terms[i]) BindAll(*e.terms[i], b);
      Order(*e.body, b, {});
    }
  }

  const std::vector<std::string>& names_;
};

}  // namespace

void OrderBody(Body& body, Bound& bound, const std::vector<const Term*>& head_terms,
               const std::vector<std::string>& slot_names) {
  Orderer(slot_names).Order(body, bound, head_terms);
}

void OrderTermClosures(Term& t, const Bound& bound, const std::vector<std::string>& slot_names) {
  Orderer(slot_names).OrderTermClosures(t, bound);
}

}  // namespace attestfs::rego

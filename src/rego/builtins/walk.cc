// walk: a relation; returns every [path, value] pair of a document, pre-order (root first),
// object keys and set members in sorted order, for the evaluator to unify one by one.
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

struct Walker {
  BuiltinContext& ctx;
  Array out;
  Array path;
  bool cancelled = false;
  bool too_big = false;

  void Visit(const Value& v) {
    if (cancelled || too_big) return;
    if (out.size() >= ctx.max_output_elements) {
      too_big = true;
      return;
    }
    if ((out.size() & 0x3FFF) == 0x3FFF && Cancelled(ctx)) {
      cancelled = true;
      return;
    }
    out.push_back(Value::FromArray({Value::FromArray(path), v}));
    switch (v.kind()) {
      case Kind::kArray:
        for (size_t i = 0; i < v.array().size(); ++i) {
          path.push_back(Value::Int(static_cast<int64_t>(i)));
          Visit(v.array()[i]);
          path.pop_back();
        }
        break;
      case Kind::kObject:
        for (const auto& [k, x] : v.object()) {
          path.push_back(k);
          Visit(x);
          path.pop_back();
        }
        break;
      case Kind::kSet:
        for (const Value& x : v.set()) {
          path.push_back(x);
          Visit(x);
          path.pop_back();
        }
        break;
      default:
        break;
    }
  }
};

}  // namespace

void AddWalkBuiltins(BuiltinRegistry& r) {
  BuiltinDef d;
  d.name = "walk";
  d.arity = 1;
  d.relation = true;
  d.fn = [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    Walker w{ctx, {}, {}};
    w.Visit(a[0]);
    if (w.cancelled) return CancelError("walk");
    if (w.too_big)
      return BuiltinResult::Halt("eval_builtin_error", "walk: document too large to walk");
    return Value::FromArray(std::move(w.out));
  };
  r.Add(std::move(d));
}

}  // namespace attestfs::rego::builtins

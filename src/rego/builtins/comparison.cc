// Comparison operators as builtins: equal neq lt lte gt gte (OPA's total order over values).
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {

void AddComparisonBuiltins(BuiltinRegistry& r) {
  Def(r, "equal", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    return Bool(a[0].Compare(a[1]) == 0);
  });
  Def(r, "neq", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    return Bool(a[0].Compare(a[1]) != 0);
  });
  Def(r, "lt", 2,
      [](BuiltinContext&, const Args& a) -> BuiltinResult { return Bool(a[0].Compare(a[1]) < 0); });
  Def(r, "lte", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    return Bool(a[0].Compare(a[1]) <= 0);
  });
  Def(r, "gt", 2,
      [](BuiltinContext&, const Args& a) -> BuiltinResult { return Bool(a[0].Compare(a[1]) > 0); });
  Def(r, "gte", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    return Bool(a[0].Compare(a[1]) >= 0);
  });
}

}  // namespace attestfs::rego::builtins

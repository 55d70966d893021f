// Builtins attestfs refuses: network access (opa.runtime answers an empty object). Policies run
// offline over recorded evidence, so these halt with an eval_builtin_error explaining what to do
// instead.
#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {

void AddRefusedBuiltins(BuiltinRegistry& r) {
  struct Refusal {
    const char* name;
    int arity;
    const char* why;
  };
  static const Refusal kRefused[] = {
      {"http.send", 1,
       "network access is not available in attestfs policies (record the data at bom time "
       "instead)"},
      {"net.lookup_ip_addr", 1,
       "network access is not available in attestfs policies (record the data at bom time "
       "instead)"},
      {"providers.aws.sign_req", 3, "network signing is not available in attestfs policies"},
  };
  for (const Refusal& x : kRefused) {
    std::string msg = std::string(x.name) + ": " + x.why;
    BuiltinDef d;
    d.name = x.name;
    d.arity = x.arity;
    d.nondeterministic = true;
    d.fn = [msg](BuiltinContext&, const Args&) -> BuiltinResult {
      return BuiltinResult::Halt("eval_builtin_error", msg);
    };
    r.Add(std::move(d));
  }
  // opa.runtime: OPA without a runtime answers {}; attestfs exposes no environment or config.
  BuiltinDef rt;
  rt.name = "opa.runtime";
  rt.arity = 0;
  rt.fn = [](BuiltinContext&, const Args&) -> BuiltinResult { return Value::FromObject({}); };
  r.Add(std::move(rt));
}

}  // namespace attestfs::rego::builtins

// BuiltinRegistry: the builtin functions an evaluation may call, by OPA name ("count",
// "strings.any_prefix_match"). AddStandardBuiltins fills it with every builtin attestfs
// implements (rego/builtins/*.cc); network builtins are registered as refusals.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rego/builtin_context.h"
#include "rego/builtin_result.h"
#include "rego/value.h"

namespace attestfs::rego {

using BuiltinFn = std::function<BuiltinResult(BuiltinContext& ctx, const std::vector<Value>& args)>;

struct BuiltinDef {
  std::string name;
  int arity = 0;  // operands, not counting the optional output argument; -1 = variadic (print)
  bool relation = false;          // walk: the result is an Array of outputs, each unified in turn
  bool nondeterministic = false;  // time.now_ns, rand.*: never memoised across evaluations
  BuiltinFn fn;
};

class BuiltinRegistry {
 public:
  void Add(BuiltinDef def) { defs_[def.name] = std::move(def); }
  const BuiltinDef* Find(std::string_view name) const {
    auto it = defs_.find(std::string(name));
    return it == defs_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& [n, d] : defs_) out.push_back(n);
    return out;
  }

 private:
  std::map<std::string, BuiltinDef> defs_;
};

// Registers every builtin of rego/builtins/ (one AddXxxBuiltins per family file).
void AddStandardBuiltins(BuiltinRegistry& registry);

}  // namespace attestfs::rego

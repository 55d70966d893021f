// Compiler: modules into a Program — the rule tree (packages merged, rules grouped by data
// path), variables resolved to frame slots (imports, rule names, `:=`/`some` scoping),
// function calls bound to rules or builtins, bodies reordered for safety, recursion rejected.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "rego/ast.h"
#include "rego/builtin_registry.h"

namespace attestfs::rego {

// A node of the data tree that rules define: packages and rule paths.
struct RuleNode {
  std::vector<Value> path;  // from the data root
  std::string name;         // "data.a.b"
  std::map<Value, std::unique_ptr<RuleNode>> children;
  std::vector<std::shared_ptr<Rule>> rules;  // rules whose static path ends here
  std::shared_ptr<Rule> default_rule;
  int id = 0;
  bool has_rules() const { return !rules.empty() || default_rule != nullptr; }
  bool is_function() const {
    return (!rules.empty() && rules[0]->kind == RuleKind::kFunction) ||
           (default_rule && default_rule->kind == RuleKind::kFunction);
  }
  RuleKind kind() const { return rules.empty() ? default_rule->kind : rules[0]->kind; }
  int arity() const {
    return static_cast<int>(rules.empty() ? default_rule->args.size() : rules[0]->args.size());
  }
};

struct Program {
  RuleNode root;
  int num_nodes = 0;
  std::vector<std::shared_ptr<Module>> modules;
};

// A compiled query: its body and the slots of its named variables.
struct CompiledQuery {
  Body body;
  int num_slots = 0;
  std::vector<std::pair<std::string, int>> vars;  // user-visible variables, sorted by name
};

Result<std::unique_ptr<Program>> CompileProgram(std::vector<std::shared_ptr<Module>> modules,
                                                const BuiltinRegistry& builtins);

Result<CompiledQuery> CompileQuery(Body body, const Program& program,
                                   const BuiltinRegistry& builtins);

// Looks up the node at `path` (nullptr when the rule tree has none).
const RuleNode* FindNode(const RuleNode& root, const std::vector<Value>& path);

}  // namespace attestfs::rego

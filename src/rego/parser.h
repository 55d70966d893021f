// Parser: Rego source into the AST, in the v1 dialect (OPA 1.x) or v0 (with or without
// `import future.keywords...`); `import rego.v1` switches a module to v1. v0 constructs in a v1
// module (a rule body without `if`, a partial set without `contains`) are parse errors that
// say so. Nesting is depth-limited.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/ast.h"

namespace attestfs::rego {

enum class RegoVersion;

// Parses a module. `module->filename` must be set; locations point into it.
Status ParseModule(std::string_view source, bool v1, Module& module);

// Parses a query body ("data.x = y; z := 1"); each Expr's `text` is its source text.
Result<Body> ParseQuery(std::string_view source, const std::string* filename);

// Parses one term ("{1, 2}", `{"a": set()}`) that must be constant, into a Value.
Result<Value> ParseConstantTerm(std::string_view source);

}  // namespace attestfs::rego

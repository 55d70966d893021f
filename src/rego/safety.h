// Safety: variable analysis and body ordering for the compiler (see safety.cc). Slots index a
// rule's frame; Bound marks the slots bound so far.
#pragma once

#include <string>
#include <vector>

#include "rego/ast.h"

namespace attestfs::rego {

using Bound = std::vector<char>;

// Every slot a term mentions (closures: their free outer slots).
void AllVars(const Term& t, std::vector<int>& out);
// The slots that must be bound before the term can be evaluated (ref keys and call outputs
// are outputs, not inputs).
void NeededVars(const Term& t, std::vector<int>& out);
// Marks every slot of `t` bound.
void BindAll(const Term& t, Bound& b);

// Reorders `body` so each expression's inputs are bound first, then its closures; `head_terms`
// count as users of variables (for `not`). Throws CompileFail (rego_unsafe_var_error).
void OrderBody(Body& body, Bound& bound, const std::vector<const Term*>& head_terms,
               const std::vector<std::string>& slot_names);
// Orders the closures inside a term (head values, with values).
void OrderTermClosures(Term& t, const Bound& bound, const std::vector<std::string>& slot_names);

}  // namespace attestfs::rego

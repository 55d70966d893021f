// AddStandardBuiltins: every builtin attestfs implements, family by family.
#include "rego/builtins/families.h"

namespace attestfs::rego {

void AddStandardBuiltins(BuiltinRegistry& registry) {
  using namespace builtins;
  AddAggregateBuiltins(registry);
  AddComparisonBuiltins(registry);
  AddArithmeticBuiltins(registry);
  AddBitsBuiltins(registry);
  AddSetBuiltins(registry);
  AddTypeBuiltins(registry);
  AddStringBuiltins(registry);
  AddSprintfBuiltins(registry);
  AddRegexBuiltins(registry);
  AddGlobBuiltins(registry);
  AddObjectBuiltins(registry);
  AddArrayBuiltins(registry);
  AddJsonBuiltins(registry);
  AddYamlBuiltins(registry);
  AddEncodingBuiltins(registry);
  AddTimeBuiltins(registry);
  AddSemverBuiltins(registry);
  AddWalkBuiltins(registry);
  AddGraphBuiltins(registry);
  AddCryptoBuiltins(registry);
  AddX509Builtins(registry);
  AddUnitsBuiltins(registry);
  AddRefusedBuiltins(registry);
}

}  // namespace attestfs::rego

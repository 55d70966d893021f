// Families not written yet (temporary).
#include "rego/builtins/families.h"
namespace attestfs::rego::builtins {
void AddBitsBuiltins(BuiltinRegistry&) {}
void AddYamlBuiltins(BuiltinRegistry&) {}
void AddSemverBuiltins(BuiltinRegistry&) {}
void AddCryptoBuiltins(BuiltinRegistry&) {}
void AddX509Builtins(BuiltinRegistry&) {}
void AddUnitsBuiltins(BuiltinRegistry&) {}
void AddRefusedBuiltins(BuiltinRegistry&) {}
}  // namespace attestfs::rego::builtins

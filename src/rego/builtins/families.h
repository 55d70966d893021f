// The builtin families of src/rego/builtins/, one registration function per file;
// AddStandardBuiltins (standard.cc) calls them all.
#pragma once

#include "rego/builtin_registry.h"

namespace attestfs::rego::builtins {

void AddAggregateBuiltins(BuiltinRegistry& r);   // aggregates.cc
void AddComparisonBuiltins(BuiltinRegistry& r);  // comparison.cc
void AddArithmeticBuiltins(BuiltinRegistry& r);  // arithmetic.cc
void AddBitsBuiltins(BuiltinRegistry& r);        // bits.cc
void AddSetBuiltins(BuiltinRegistry& r);         // sets.cc
void AddTypeBuiltins(BuiltinRegistry& r);        // types.cc
void AddStringBuiltins(BuiltinRegistry& r);      // strings.cc
void AddSprintfBuiltins(BuiltinRegistry& r);     // sprintf.cc
void AddRegexBuiltins(BuiltinRegistry& r);       // regex.cc
void AddGlobBuiltins(BuiltinRegistry& r);        // glob.cc
void AddObjectBuiltins(BuiltinRegistry& r);      // objects.cc
void AddArrayBuiltins(BuiltinRegistry& r);       // arrays.cc
void AddJsonBuiltins(BuiltinRegistry& r);        // json.cc
void AddYamlBuiltins(BuiltinRegistry& r);        // yaml.cc
void AddEncodingBuiltins(BuiltinRegistry& r);    // encoding.cc
void AddTimeBuiltins(BuiltinRegistry& r);        // time.cc
void AddSemverBuiltins(BuiltinRegistry& r);      // semver.cc
void AddWalkBuiltins(BuiltinRegistry& r);        // walk.cc
void AddGraphBuiltins(BuiltinRegistry& r);       // graph.cc
void AddCryptoBuiltins(BuiltinRegistry& r);      // crypto.cc
void AddX509Builtins(BuiltinRegistry& r);        // x509.cc
void AddUnitsBuiltins(BuiltinRegistry& r);       // units.cc
void AddRefusedBuiltins(BuiltinRegistry& r);     // refused.cc

}  // namespace attestfs::rego::builtins

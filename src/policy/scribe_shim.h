// ScribeShim: what valint supplies to the policies of Scribe's sample catalog, so they run
// unchanged: a `data.scribe` module (for `import data.scribe as scribe`) and the builtin
// scribe.get_asset_data (for policies that call it without the import).
#pragma once

#include <string>
#include <vector>

#include "rego/builtin_registry.h"

namespace attestfs::policy {

// File name and v1 source of the data.scribe helper module.
const char* ScribeShimFileName();
const std::string& ScribeShimSource();

// scribe.get_asset_data and attestfs.asset_data: {name, digest, uri, type, predicate_type}
// of a statement's first subject ({} for anything else).
std::vector<rego::BuiltinDef> ScribeBuiltins();

}  // namespace attestfs::policy

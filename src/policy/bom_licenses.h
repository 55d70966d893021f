// BomLicenses: the licenses a CycloneDX ML-BOM declares for its subject (metadata.component)
// and its model / dataset components, per component, as SPDX expressions. Hugging Face ids
// given as license names are mapped to SPDX ids. Also reads valint's wrapped {"bom": {...}}.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::policy {

inline constexpr size_t kMaxBomLicenseComponents = 100000;

struct ComponentLicenses {
  std::string component;  // "model 'bert-tiny'", "dataset 'wikitext'"
  // One entry per licenses[] element: an id, a name, or an expression. Several entries
  // all apply (CycloneDX lists licenses conjunctively). Empty: no license declared.
  std::vector<std::string> expressions;
};

// Parses untrusted predicate JSON; kMalformed when it is not a CycloneDX BOM.
Result<std::vector<ComponentLicenses>> ExtractBomLicenses(std::string_view predicate_json);

}  // namespace attestfs::policy

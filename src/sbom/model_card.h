// ModelCard: the YAML front matter of a Hugging Face README.md (license, datasets,
// base_model, pipeline_tag, tags, library_name), with HF license ids mapped to SPDX.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::sbom {

struct ModelCard {
  std::vector<std::string> licenses;  // SPDX ids where one exists, else the HF id / license_name
  std::string license_link;
  std::vector<std::string> datasets;
  std::string base_model;
  std::string pipeline_tag;
  std::string library_name;
  std::vector<std::string> tags;
  std::string description;  // first paragraph of the card body, trimmed
};

// Missing front matter gives an empty card; malformed YAML gives kMalformed.
Result<ModelCard> ParseModelCard(std::string_view readme_text);

// "apache-2.0" -> "Apache-2.0", "mit" -> "MIT", ...; returns empty when no SPDX id corresponds.
std::string HuggingFaceLicenseToSpdx(std::string_view hf_id);

}  // namespace attestfs::sbom

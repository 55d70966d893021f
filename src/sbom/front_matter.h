// Locating the YAML front matter of a Hugging Face README.md (the text between a leading
// `---` line and the next `---` line) and listing its top-level keys. Internal to sbom/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::sbom {

// Front matter larger than this is rejected (real model cards are a few KiB).
inline constexpr uint64_t kMaxFrontMatterBytes = 1ull << 20;

struct FrontMatter {
  bool present = false;
  std::string_view yaml;  // the text between the delimiters (may be empty)
  size_t first_line = 0;  // 1-based README line number of the first YAML line
  std::string_view body;  // everything after the closing delimiter (the whole text when absent)
};

// Absent front matter is not an error; an opening `---` without a closing one is kMalformed.
Result<FrontMatter> ExtractFrontMatter(std::string_view readme_text);

// Top-level mapping keys of the front matter (empty when absent); kMalformed on bad YAML.
Result<std::vector<std::string>> FrontMatterKeys(std::string_view readme_text);

}  // namespace attestfs::sbom

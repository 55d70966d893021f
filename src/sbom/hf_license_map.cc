// Hugging Face Hub license ids (docs/hub/repositories-licenses.md) -> SPDX license ids.
// HF ids are lowercase and partly non-SPDX (openrail, llama2, cc, bsd, ...): those map to
// nothing and callers emit them as license names. SPDX ids themselves map to themselves.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "sbom/model_card.h"

namespace attestfs::sbom {
namespace {

// Sorted by key (lowercase) for binary search. Only ids with an exact SPDX counterpart;
// the deprecated bare GNU ids (GPL-3.0, ...) are replaced by their "-only" forms.
constexpr auto kHfToSpdx = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"0bsd", "0BSD"},
    {"afl-3.0", "AFL-3.0"},
    {"agpl-3.0", "AGPL-3.0-only"},
    {"agpl-3.0-only", "AGPL-3.0-only"},
    {"agpl-3.0-or-later", "AGPL-3.0-or-later"},
    {"apache-2.0", "Apache-2.0"},
    {"artistic-2.0", "Artistic-2.0"},
    {"bsd-2-clause", "BSD-2-Clause"},
    {"bsd-3-clause", "BSD-3-Clause"},
    {"bsd-3-clause-clear", "BSD-3-Clause-Clear"},
    {"bsl-1.0", "BSL-1.0"},
    {"c-uda", "C-UDA-1.0"},
    {"c-uda-1.0", "C-UDA-1.0"},
    {"cc-by-2.0", "CC-BY-2.0"},
    {"cc-by-2.5", "CC-BY-2.5"},
    {"cc-by-3.0", "CC-BY-3.0"},
    {"cc-by-4.0", "CC-BY-4.0"},
    {"cc-by-nc-2.0", "CC-BY-NC-2.0"},
    {"cc-by-nc-3.0", "CC-BY-NC-3.0"},
    {"cc-by-nc-4.0", "CC-BY-NC-4.0"},
    {"cc-by-nc-nd-3.0", "CC-BY-NC-ND-3.0"},
    {"cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0"},
    {"cc-by-nc-sa-2.0", "CC-BY-NC-SA-2.0"},
    {"cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0"},
    {"cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"},
    {"cc-by-nd-4.0", "CC-BY-ND-4.0"},
    {"cc-by-sa-3.0", "CC-BY-SA-3.0"},
    {"cc-by-sa-4.0", "CC-BY-SA-4.0"},
    {"cc0-1.0", "CC0-1.0"},
    {"cdla-permissive-1.0", "CDLA-Permissive-1.0"},
    {"cdla-permissive-2.0", "CDLA-Permissive-2.0"},
    {"cdla-sharing-1.0", "CDLA-Sharing-1.0"},
    {"ecl-2.0", "ECL-2.0"},
    {"epl-1.0", "EPL-1.0"},
    {"epl-2.0", "EPL-2.0"},
    {"etalab-2.0", "etalab-2.0"},
    {"eupl-1.1", "EUPL-1.1"},
    {"eupl-1.2", "EUPL-1.2"},
    {"gpl-2.0", "GPL-2.0-only"},
    {"gpl-2.0-only", "GPL-2.0-only"},
    {"gpl-2.0-or-later", "GPL-2.0-or-later"},
    {"gpl-3.0", "GPL-3.0-only"},
    {"gpl-3.0-only", "GPL-3.0-only"},
    {"gpl-3.0-or-later", "GPL-3.0-or-later"},
    {"isc", "ISC"},
    {"lgpl-2.1", "LGPL-2.1-only"},
    {"lgpl-2.1-only", "LGPL-2.1-only"},
    {"lgpl-3.0", "LGPL-3.0-only"},
    {"lgpl-3.0-only", "LGPL-3.0-only"},
    {"lppl-1.3c", "LPPL-1.3c"},
    {"mit", "MIT"},
    {"mpl-2.0", "MPL-2.0"},
    {"ms-pl", "MS-PL"},
    {"ncsa", "NCSA"},
    {"odbl", "ODbL-1.0"},
    {"odc-by", "ODC-By-1.0"},
    {"ofl-1.1", "OFL-1.1"},
    {"osl-3.0", "OSL-3.0"},
    {"pddl", "PDDL-1.0"},
    {"postgresql", "PostgreSQL"},
    {"unlicense", "Unlicense"},
    {"upl-1.0", "UPL-1.0"},
    {"wtfpl", "WTFPL"},
    {"zlib", "Zlib"},
    {"zpl-2.1", "ZPL-2.1"},
});
static_assert(std::is_sorted(kHfToSpdx.begin(), kHfToSpdx.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }),
              "kHfToSpdx must stay sorted for binary search");

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Lookup(std::string_view key) {
  auto it = std::lower_bound(kHfToSpdx.begin(), kHfToSpdx.end(), key,
                             [](const auto& e, std::string_view k) { return e.first < k; });
  if (it != kHfToSpdx.end() && it->first == key) return it->second;
  return {};
}

}  // namespace

std::string HuggingFaceLicenseToSpdx(std::string_view hf_id) {
  std::string key = Lower(hf_id);
  // Trim surrounding blanks: YAML scalars are already trimmed, but tags may not be.
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
  size_t start = 0;
  while (start < key.size() && std::isspace(static_cast<unsigned char>(key[start]))) ++start;
  key.erase(0, start);
  return std::string(Lookup(key));
}

}  // namespace attestfs::sbom

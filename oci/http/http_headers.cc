// HttpHeaders lookups (case-insensitive, as RFC 9110 field names are).
#include <cctype>

#include "oci/http/http_client.h"

namespace attestfs::oci::http {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> HttpHeaders::Get(std::string_view name) const {
  for (auto& [k, v] : items_) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpHeaders::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (auto& [k, v] : items_) {
    if (EqualsIgnoreCase(k, name)) out.push_back(v);
  }
  return out;
}

}  // namespace attestfs::oci::http

// HttpHeaders lookups (case-insensitive, as RFC 9110 field names are).
#include <cctype>
#include <charconv>

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

Result<std::optional<int64_t>> HttpHeaders::ContentLength() const {
  auto v = Get("Content-Length");
  if (!v) return std::optional<int64_t>();
  std::string_view s = *v;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || n < 0) {
    std::string shown(v->substr(0, 40));
    return Error(Errc::kMalformed, "the registry sent an invalid Content-Length '" + shown + "'");
  }
  return std::optional<int64_t>(n);
}

std::vector<std::string> HttpHeaders::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (auto& [k, v] : items_) {
    if (EqualsIgnoreCase(k, name)) out.push_back(v);
  }
  return out;
}

}  // namespace attestfs::oci::http

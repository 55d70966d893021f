// URL helpers (no parsing beyond scheme://authority/path; registries send simple URLs).
#include "oci/http/url.h"

#include <cctype>

namespace attestfs::oci::http {

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string AppendQuery(std::string url, std::string_view key, std::string_view value) {
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += UrlEncode(key);
  url += '=';
  url += UrlEncode(value);
  return url;
}

std::string ResolveLocation(const std::string& request_url, const std::string& location) {
  if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) return location;
  size_t scheme = request_url.find("://");
  size_t path = request_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::string origin = request_url.substr(0, path);
  if (!location.empty() && location[0] == '/') return origin + location;
  // Relative path: resolve against the request path's directory.
  std::string base = request_url.substr(0, request_url.find('?'));
  return base.substr(0, base.rfind('/') + 1) + location;
}

std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

}  // namespace attestfs::oci::http

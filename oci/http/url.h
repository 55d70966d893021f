// URL helpers for request building: percent-encoding of query components, query appending
// that respects an existing query (distribution 2.8.2 upload Locations carry `?_state=`).
#pragma once

#include <string>
#include <string_view>

namespace attestfs::oci::http {

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view s);
// Appends "key=value" (value encoded) with '?' or '&' as needed; keeps a fragment-free URL.
std::string AppendQuery(std::string url, std::string_view key, std::string_view value);
// Resolves a Location header against the request URL (absolute, or an absolute path).
std::string ResolveLocation(const std::string& request_url, const std::string& location);
// "http://h:p/x" -> "h:p"
std::string UrlHost(std::string_view url);

}  // namespace attestfs::oci::http

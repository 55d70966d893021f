// Registry error bodies parsed in one place: turns a non-2xx HttpResponse into an Error that
// names the registry, repository, digest/tag and the registry's error code(s).
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"
#include "oci/http/http_client.h"

namespace attestfs::oci {

struct RegistryErrorContext {
  std::string registry;    // host[:port]
  std::string repository;  // may be empty (e.g. /v2/ ping)
  std::string object;      // digest or tag the request was about, may be empty
  std::string operation;   // "fetch manifest", "push blob", ...
};

// `{"errors":[{"code":..., "message":..., "detail":...}]}`: returns "CODE: message (detail)"
// entries joined by "; ", or an empty string when the body is not that JSON.
std::string DescribeRegistryErrorBody(std::string_view body);
// The first error code in the body ("MANIFEST_UNKNOWN"), or empty.
std::string RegistryErrorCode(std::string_view body);

// Maps status + error code to Errc (404/*_UNKNOWN -> kNotFound, 401 -> kUnauthorized,
// 403/DENIED -> kPermission, DIGEST_INVALID/SIZE_INVALID -> kVerificationFailed, 413 ->
// kTooLarge, 429/5xx -> kNetwork, other 4xx -> kInvalidArgument).
Error RegistryError(const http::HttpResponse& response, const RegistryErrorContext& ctx);

}  // namespace attestfs::oci

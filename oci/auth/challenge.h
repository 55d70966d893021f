// WWW-Authenticate challenge parsing (RFC 7235 / RFC 6750 auth-params): quoted strings with
// escapes, commas inside quotes, several challenges in one header.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::oci::auth {

// A WWW-Authenticate header longer than this is refused (registries send < 1 KiB).
inline constexpr size_t kMaxChallengeHeaderBytes = 16u << 10;

struct Challenge {
  std::string scheme;                         // lowercase: "bearer", "basic"
  std::map<std::string, std::string> params;  // lowercase keys: realm, service, scope, error
  std::string Param(const std::string& key) const {
    auto it = params.find(key);
    return it == params.end() ? "" : it->second;
  }
};

Result<std::vector<Challenge>> ParseWwwAuthenticate(std::string_view header);

}  // namespace attestfs::oci::auth

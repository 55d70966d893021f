// SigningConfig: a Sigstore signing_config.json (media type
// application/vnd.dev.sigstore.signingconfig.v0.2+json): where keyless signing sends its
// requests — the Fulcio CA, a Rekor v1 log and an optional timestamp authority — each the first
// entry whose validFor covers `now` (and, for logs, majorApiVersion 1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::sigstore {

struct SigningConfig {
  std::string fulcio_url;
  std::string rekor_url;
  std::string tsa_url;  // empty: no timestamp

  static Result<SigningConfig> Parse(std::string_view json, int64_t now);
  static Result<SigningConfig> LoadFile(const std::string& path, int64_t now);
};

}  // namespace attestfs::sigstore

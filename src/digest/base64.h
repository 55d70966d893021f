// Base64 (RFC 4648) encode, and a decoder that accepts the standard and URL-safe
// alphabets, padded or not (DSSE requires verifiers to accept both).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::digest {

std::string Base64Encode(std::string_view raw);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace attestfs::digest

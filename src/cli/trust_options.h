// Trust material from the command line: --key PUB (repeatable) or --ca-roots ROOTS --identity ID.
// Verification without trust material is a usage error, never a pass.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"

namespace attestfs::cli {

struct TrustFlags {
  std::vector<std::string> keys;
  std::string ca_roots;
  std::string identity;
  bool Empty() const { return keys.empty() && ca_roots.empty(); }
};

Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlags(const TrustFlags& flags);

}  // namespace attestfs::cli

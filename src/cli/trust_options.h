// Trust material from the command line: --key PUB (repeatable) or --ca-roots ROOTS --identity ID.
// Verification without trust material is a usage error, never a pass.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"

namespace CLI {
class App;
}
namespace attestfs::policy {
class PolicyFile;
}

namespace attestfs::cli {

struct TrustFlags {
  std::vector<std::string> keys;
  std::string ca_roots;
  std::string identity;
  bool Empty() const { return keys.empty() && ca_roots.empty(); }
};

Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlags(const TrustFlags& flags);

// The trust in effect: the flags when given, else the policy's signer-identity rules (when a
// policy is given), else the kUsage error of TrustFromFlags.
Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlagsOrPolicy(const TrustFlags& flags,
                                                                  const policy::PolicyFile* policy);

// --key (repeatable), --ca-roots, --identity.
void AddTrustFlags(CLI::App* cmd, TrustFlags* flags);

}  // namespace attestfs::cli

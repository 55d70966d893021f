// Trust material from the command line: --key PUB (repeatable) or --ca-roots ROOTS [--identity
// ID], parsed into an app::TrustConfig.
#pragma once

#include <memory>

#include "app/trust_config.h"
#include "base/result.h"
#include "keys/trust_policy.h"

namespace CLI {
class App;
}

namespace attestfs::cli {

using TrustFlags = app::TrustConfig;

inline Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlags(const TrustFlags& flags) {
  return app::BuildTrustPolicy(flags);
}
inline Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlagsOrPolicy(
    const TrustFlags& flags, const policy::PolicyFile* policy) {
  return app::BuildTrustPolicy(flags, policy);
}

// --key (repeatable), --ca-roots, --identity.
void AddTrustFlags(CLI::App* cmd, TrustFlags* flags);

}  // namespace attestfs::cli

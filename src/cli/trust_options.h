// Trust material from the command line: --key PUB (repeatable), --ca-roots ROOTS [--identity
// ID], or Sigstore keyless (--certificate-identity[-regexp] --certificate-oidc-issuer[-regexp]
// [--trusted-root FILE]), parsed into an app::TrustConfig.
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

// --key (repeatable), --ca-roots, --identity, and AddKeylessFlags.
void AddTrustFlags(CLI::App* cmd, TrustFlags* flags);
// --trusted-root, --certificate-identity[-regexp], --certificate-oidc-issuer[-regexp].
void AddKeylessFlags(CLI::App* cmd, TrustFlags* flags);

}  // namespace attestfs::cli

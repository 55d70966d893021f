// TrustConfig: the trust material of one use case — public keys, or CA roots with an optional
// SAN identity — whichever front end it came from (CLI flags, mount options, an admission or CSI
// request). BuildTrustPolicy turns it into the keys::TrustPolicy the verifiers use; with none
// given, a policy's signer-identity rules are the trust. Verification without trust material is
// a usage error, never a pass. (Trust material and identity are kept apart so a Sigstore
// trusted root can join the material next.)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"

namespace attestfs::policy {
class PolicyFile;
}

namespace attestfs::app {

struct TrustConfig {
  // Trusted material.
  std::vector<std::string> keys;  // public key PEM files
  std::string ca_roots;           // PEM bundle of root certificates
  // Identity policy (with ca_roots): a SAN glob; empty trusts every leaf the roots issued.
  std::string identity;
  bool Empty() const { return keys.empty() && ca_roots.empty(); }
};

// kUsage for no material, both kinds, an identity without roots, or unreadable files.
Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config);

// The trust in effect: the config when it has material, else the policy's signer-identity rules
// (when a policy is given), else the kUsage error of BuildTrustPolicy.
Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config,
                                                            const policy::PolicyFile* policy);

}  // namespace attestfs::app

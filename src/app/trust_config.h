// TrustConfig: the trust material of one use case — public keys, CA roots with an optional
// SAN identity, or Sigstore keyless (a trusted_root.json, by default the installed public-good
// root, with the expected certificate identity and OIDC issuer) — whichever front end it came
// from (CLI flags, mount options, an admission or CSI request). BuildTrustPolicy turns it into
// the keys::TrustPolicy the verifiers use; with none given, a policy's signer-identity rules are
// the trust. Verification without trust material is a usage error, never a pass.
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
  // Sigstore keyless: trusted_root.json (empty: DefaultTrustedRootPath()) and cosign's identity
  // flags (exactly one SAN form and one issuer form).
  std::string trusted_root;
  std::string certificate_identity;
  std::string certificate_identity_regexp;
  std::string certificate_oidc_issuer;
  std::string certificate_oidc_issuer_regexp;
  // Keyless trust is asked for by an identity or issuer flag; trusted_root alone only names the
  // root (verify's keyless evaluation signing checks against it too).
  bool Keyless() const {
    return !certificate_identity.empty() || !certificate_identity_regexp.empty() ||
           !certificate_oidc_issuer.empty() || !certificate_oidc_issuer_regexp.empty();
  }
  bool Empty() const { return keys.empty() && ca_roots.empty() && !Keyless(); }
};

// The trusted_root.json keyless verification uses: config.trusted_root when given, else
// DefaultTrustedRootPath(); kUsage when it cannot be read or parsed.
Result<std::string> TrustedRootPath(const TrustConfig& config);

// kUsage for no material, both kinds, an identity without roots, or unreadable files.
Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config);

// The trust in effect: the config when it has material, else the policy's signer-identity rules
// (when a policy is given), else the kUsage error of BuildTrustPolicy.
Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config,
                                                            const policy::PolicyFile* policy);

}  // namespace attestfs::app

// SignerConstraint: who may sign, as one signer-identity rule states it — a set of public
// keys, CA roots plus subject / SAN / issuer glob patterns on the leaf certificate, or Sigstore
// keyless (a trusted root with an exact or regexp certificate identity and OIDC issuer).
// Serves both as the rule's check on verified evidence and as trust material (PolicyTrust).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/public_key.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"
#include "sigstore/keyless_trust_policy.h"

namespace attestfs::policy {

class SignerConstraint {
 public:
  std::vector<keys::PublicKey> keys;
  std::string roots_pem;  // empty when the rule lists keys only
  std::vector<std::string> subject_globs;
  std::vector<std::string> san_globs;
  std::vector<std::string> issuer_globs;
  // Sigstore keyless (trusted-root: with san/san-regexp and issuer/issuer-regexp); null otherwise.
  std::shared_ptr<const sigstore::KeylessTrustPolicy> keyless;

  // True when `signer` (already verified by some trust) is acceptable: its key id is one of
  // `keys`, or `chain_der` verifies to `roots_pem`, its leaf key is the signer's key and the
  // leaf matches every given glob list, or (keyless) the Sigstore bundle `container_json`
  // verifies against the rule's trusted root and identity with the signer's key. `why`
  // receives the mismatch.
  bool Accepts(const keys::SignerIdentity& signer, const std::vector<std::string>& chain_der,
               std::string* why, std::string_view container_json = {}) const;

  // Verifies one signature against this constraint (used as trust material).
  Result<keys::SignerIdentity> VerifySignature(std::string_view message, std::string_view signature,
                                               const keys::VerificationMaterial& material) const;

  std::string Describe() const;  // "keys [abc…, def…]" or "CA roots, subject ..., san ..."

 private:
  // Matches leaf identity fields against the glob lists; `why` names the first mismatch.
  bool IdentityMatches(const std::string& subject, const std::vector<std::string>& sans,
                       const std::string& issuer, std::string* why) const;
};

}  // namespace attestfs::policy

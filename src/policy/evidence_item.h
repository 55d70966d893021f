// EvidenceItem / EvaluationInput: what the caller (verify, the mount) hands the policy
// engine — every statement found for the subject, whether its signature verified with the
// trust in effect, and who signed it. The engine never fetches or verifies signatures itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attestation/statement.h"
#include "keys/trust_policy.h"

namespace attestfs::policy {

struct EvidenceItem {
  attestation::Statement statement;
  std::string digest;               // "sha256:<hex>" of the envelope or bundle bytes
  bool signature_verified = false;  // by the trust material in effect
  keys::SignerIdentity signer;      // meaningful only when signature_verified
  // Certificate chain (DER, leaf first) from the verification material, when the signer used
  // one; signer-identity rules with ca-roots verify it against their own roots.
  std::vector<std::string> cert_chain_der;
  // The Sigstore bundle the evidence came in (empty for bare DSSE envelopes); keyless
  // signer-identity rules re-verify it against their own trusted root and identity.
  std::string container_json;
};

struct EvaluationInput {
  std::string subject_name;
  std::string subject_digest;  // "sha256:<hex>"
  std::vector<EvidenceItem> evidence;
  // Time limit for each `uses: rego` rule without its own `timeout:` (--policy-timeout);
  // 0 = the default, 5 s.
  int64_t rego_timeout_ms = 0;
};

}  // namespace attestfs::policy

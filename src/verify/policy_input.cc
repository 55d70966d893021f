// PolicyInput: verified attestations -> policy::EvidenceItem (signature_verified = true).
#include "verify/policy_input.h"

namespace attestfs::verify {

policy::EvaluationInput PolicyInput(std::string subject_name, std::string subject_digest,
                                    const std::vector<VerifiedAttestation>& verified) {
  policy::EvaluationInput in;
  in.subject_name = std::move(subject_name);
  in.subject_digest = std::move(subject_digest);
  for (const auto& v : verified) {
    policy::EvidenceItem item;
    item.statement = v.statement;
    item.digest = v.digest;
    item.signature_verified = true;
    item.signer = v.signer;
    item.cert_chain_der = v.cert_chain_der;
    item.container_json = v.container_json;
    in.evidence.push_back(std::move(item));
  }
  return in;
}

}  // namespace attestfs::verify

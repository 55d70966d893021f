// PolicyInput: what the policy engine is handed about a subject — every attestation whose
// signature verified under the trust in effect (verify never passes unverified ones).
#pragma once

#include <string>
#include <vector>

#include "policy/evidence_item.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {

policy::EvaluationInput PolicyInput(std::string subject_name, std::string subject_digest,
                                    const std::vector<VerifiedAttestation>& verified);

}  // namespace attestfs::verify

// SelectContentAttestation: the shared "of those that verify and describe content, the newest by
// signed creation time wins" step over a list of attestation documents (store entries, referrer
// payloads).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"
#include "verify/attested_content.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {

struct SelectedContent {
  VerifiedAttestation attestation;            // the one that decided
  AttestedContent content;                    // decoded from it
  std::vector<VerifiedAttestation> verified;  // every document that verified, newest signed first
};

// `docs` in any order (the signed creation time decides; equal times keep the order of `docs`,
// undated statements come last). Documents that do not verify or do not decode are skipped and
// their reasons joined into the kVerificationFailed error when none qualifies. With `require_full`,
// content without per-file sizes and chunk index (foreign model-signing) does not qualify.
Result<SelectedContent> SelectContentAttestation(const std::vector<std::string>& docs,
                                                 const keys::TrustPolicy& trust, bool require_full);

}  // namespace attestfs::verify

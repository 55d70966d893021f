// SelectManifestEvidence: among evidence documents about an OCI manifest (referrer payloads,
// store entries), every one whose signature verifies, and the newest of those whose statement
// names the manifest digest as a subject — the binding an image's evidence must have.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "digest/digest.h"
#include "keys/trust_policy.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {

struct ManifestEvidence {
  std::optional<VerifiedAttestation> used;    // the newest verified statement naming the digest
  std::vector<VerifiedAttestation> verified;  // every document that verified, newest signed first
  std::string reasons;                        // why the others were passed over, one per line
};

// `docs` in any order: "newest" is the signed creation time (ties keep the order of `docs`).
ManifestEvidence SelectManifestEvidence(const std::vector<std::string>& docs,
                                        const digest::Digest& manifest,
                                        const keys::TrustPolicy& trust);

}  // namespace attestfs::verify

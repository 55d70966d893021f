// Evidence about an artifact held in an oci::ArtifactStore (a registry repository or an OCI
// layout, e.g. one written by `attestfs copy` for an air-gapped site): the referrers of its
// manifest are read (blobs digest-verified by the store), their signatures verified, and the
// newest verified evidence checked against the artifact — a model's files one to one with its
// layers, anything else by the statement naming the manifest digest.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"
#include "oci/artifact_store.h"
#include "verify/signed_attestation.h"

namespace attestfs::app {

struct StoreEvidenceCheck {
  oci::FetchedManifest root;
  bool model = false;
  verify::VerifiedAttestation used;                   // the evidence that decided
  std::vector<verify::VerifiedAttestation> verified;  // every referrer that verified
  size_t files = 0;                                   // model: files matched to layers
};

// The evidence payloads (bundles, DSSE envelopes) of the referrers of `root` in `store`, newest
// first; referrer manifests whose subject is not `root` are skipped. Nothing is verified here.
Result<std::vector<std::string>> ReferrerPayloads(oci::ArtifactStore& store,
                                                  const oci::Descriptor& root);

// kVerificationFailed when no referrer verifies and matches; other codes for I/O trouble.
Result<StoreEvidenceCheck> CheckEvidenceInStore(oci::ArtifactStore& store,
                                                const std::string& tag_or_digest,
                                                const keys::TrustPolicy& trust);

}  // namespace attestfs::app

// ArtifactVerifier: trust material + options -> a detailed VerificationReport for a local
// target (dir:, file:, git:). Finds candidate attestations (an explicit file; else the store by
// subject name, then by subject digest), verifies signatures (nothing is parsed before its
// signature verifies), picks the newest verified content attestation, re-scans the target with
// the attested include/exclude patterns (plus the caller's exclusions) and compares file by
// file. An explicit attestation file inside the target tree is never part of what it signs
// (model_signing keeps model.sig in the model folder) and is left out of the comparison.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/progress_sink.h"
#include "base/result.h"
#include "keys/trust_policy.h"
#include "store/attestation_store.h"
#include "targets/scanner.h"
#include "targets/target_spec.h"
#include "verify/attested_content.h"
#include "verify/manifest_diff.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {

struct VerifyOptions {
  targets::TargetSpec target;
  std::string name;              // subject name to look up; empty = the target's default name
  std::string attestation_file;  // explicit envelope/bundle; empty = use the store
  // Files left out of the scan and the comparison (bom's --exclude glob dialect): files the
  // signature neither covers nor records as ignored (model_signing --ignore-paths).
  std::vector<std::string> exclude;
  unsigned threads = 0;
  ProgressSink* progress = nullptr;  // bytes hashed by the scan (not owned; may be null)
};

// One attestation considered, verified or not (policies read all of them).
struct Candidate {
  std::string digest;
  std::string predicate_type;  // from the store index (untrusted) or the verified statement
  bool verified = false;
  std::string error;  // why it did not verify
  std::optional<VerifiedAttestation> attestation;
};

struct VerificationReport {
  bool verified = false;
  Errc failure = Errc::kOk;  // set when !verified
  std::string reason;        // the verdict's explanation
  std::string subject_name;
  std::string subject_digest;               // of the local target as scanned
  std::optional<VerifiedAttestation> used;  // the content attestation that decided
  std::vector<Difference> differences;
  std::vector<Candidate> candidates;
  std::vector<std::string> notes;  // e.g. git uncommitted changes, LFS pointers
};

class ArtifactVerifier {
 public:
  ArtifactVerifier(const keys::TrustPolicy& trust, const store::AttestationStore& store)
      : trust_(trust), store_(store) {}

  // Errors are usage/runtime problems (bad target, unreadable file); verification outcomes,
  // including "no attestation found", are in the report.
  Result<VerificationReport> Verify(const VerifyOptions& options) const;

  // Verifies candidate documents (bytes by digest from the store, or the explicit file).
  std::vector<Candidate> VerifyCandidates(const std::vector<std::string>& digests) const;

 private:
  const keys::TrustPolicy& trust_;
  const store::AttestationStore& store_;
};

}  // namespace attestfs::verify

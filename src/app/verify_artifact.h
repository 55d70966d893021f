// VerifyArtifact: the `verify` use case for every target kind, for any front end (the CLI, the
// admission webhook). Local trees (dir:, file:, git:) are re-scanned and diffed against the
// newest verified content attestation from the store or an explicit file; registry models are
// bound file-for-layer to the newest verified content evidence among REF's referrers (cosign's
// .att tags included); images (registry, OCI layout, archives) by manifest digest, with config
// and layers re-read. Then the optional policy over every verified document, and optionally the
// evaluation signed, stored and (registry targets) attached as a referrer. Prints nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evaluation_signing.h"
#include "base/clock.h"
#include "base/progress_sink.h"
#include "base/result.h"
#include "keys/trust_policy.h"
#include "oci/descriptor.h"
#include "policy/decision.h"
#include "targets/target_spec.h"
#include "verify/artifact_verifier.h"
#include "verify/signed_attestation.h"

namespace attestfs::oci {
class RegistryConnection;
}
namespace attestfs::policy {
class PolicyFile;
}

namespace attestfs::app {

struct VerifyRequest {
  targets::TargetSpec target;
  const keys::TrustPolicy* trust = nullptr;     // required
  const policy::PolicyFile* policy = nullptr;   // optional
  oci::RegistryConnection* registry = nullptr;  // registry targets: the connection (not owned)
  std::string store;                            // local store root ("" = the default)
  // Local trees only.
  std::string name;                  // subject name to look up (default: the target's)
  std::string attestation_file;      // verify against this document instead of the store
  std::vector<std::string> exclude;  // globs left out of the comparison
  SignEvaluationFlags sign;          // optional: sign the policy evaluation
  const Clock* clock = nullptr;      // policy time (default: the system clock)
  int64_t policy_timeout_ms = 0;     // per Rego rule without its own timeout (0 = 5 s)
  ProgressSink* progress = nullptr;  // trees: bytes hashed (registry targets report through
                                     // the connection's own sink)
};

struct VerifyResult {
  enum class Kind { kTree, kModel, kImage };
  Kind kind = Kind::kTree;
  bool verified = false;
  Errc failure = Errc::kOk;  // why not, when !verified (kVerificationFailed, kMalformed, ...)
  std::string reason;        // the verdict's explanation
  std::string subject_name;
  std::string subject_digest;  // trees: the content digest; artifacts: the manifest digest
  std::optional<verify::VerifiedAttestation> used;         // the evidence that decided
  std::vector<verify::VerifiedAttestation> verified_docs;  // every document that verified
  // Trees: differences, candidates and notes of the re-scan.
  std::optional<verify::VerificationReport> tree;
  // Artifacts.
  oci::Descriptor manifest;
  size_t files = 0;   // models: files bound to layers
  size_t layers = 0;  // images: layers re-read
  std::optional<policy::Decision> decision;
  // The signed evaluation, when asked for and the target verified.
  std::optional<SignedEvaluation> evaluation;
  std::string evaluation_store;     // where it was stored
  std::string evaluation_referrer;  // registry targets: the referrer it was attached as
  bool evaluation_skipped = false;  // asked for, but the target did not verify

  bool PolicyOk() const { return !decision || decision->ok; }
};

// True for the target kinds verified as OCI artifacts (registry, oci-layout, archives).
bool IsArtifactTarget(const targets::TargetSpec& target);

// Errors are operational (usage, unreachable registry, unreadable target); a failed
// verification is a result with verified=false and the reason.
Result<VerifyResult> VerifyArtifact(const VerifyRequest& request);

}  // namespace attestfs::app

// SelectContentAttestation: the shared "of those that verify and describe content, the newest by
// signed creation time wins" step over a list of attestation documents (store entries, referrer
// payloads).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"
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
// With `artifact` (the digest of the OCI manifest the content was resolved from), a statement
// that names other artifacts as subjects besides its content subject (e.g. the manifest digest
// `bom --oci` and `push` sign) qualifies only if it names this one: evidence re-pointed at
// another manifest does not vouch for it.
Result<SelectedContent> SelectContentAttestation(
    const std::vector<std::string>& docs, const keys::TrustPolicy& trust, bool require_full,
    const std::optional<digest::Digest>& artifact = std::nullopt);

// The deciding step itself, over attestations that already verified and are sorted newest signed
// first: the first whose content decodes and qualifies wins (`require_full`, `artifact` as above;
// a single-file model signature qualifies only with `allow_single_file`, i.e. for a file:
// target re-scanned by the caller). Returns its index and content; why the others did not
// qualify is appended to `reasons`. Every verifier (trees, registry models, copies, mounts)
// decides through this one function.
struct ContentRules {
  bool require_full = false;
  std::optional<digest::Digest> artifact;
  bool allow_single_file = false;
};
std::optional<std::pair<size_t, AttestedContent>> ChooseContent(
    const std::vector<VerifiedAttestation>& newest_first, const ContentRules& rules,
    std::vector<std::string>* reasons);

// kVerificationFailed when `statement` names artifact subjects other than its content subject
// (`content_subject`, "sha256:<hex>") and `artifact` is not among them.
Status CheckArtifactSubject(const attestation::Statement& statement,
                            const std::string& content_subject, const digest::Digest& artifact);

}  // namespace attestfs::verify

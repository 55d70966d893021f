// ReferrersClient: attach and discover referrers of a manifest. Uses the referrers API where the
// registry has it (detected by probing, cached per repository) and otherwise maintains the
// tag-schema fallback index `sha256-<hex>` (distribution-spec §Referrers Tag Schema):
// read-modify-write that never drops an entry, serialised within the process, and always after
// the referrer manifest itself was pushed (2.8.2 refuses an index naming a missing manifest).
// Discovery also reads cosign's legacy `sha256-<hex>.att` attestation tags.
//
// Library entry points for the CLI: Attach (attestfs attach / bom --oci / push --key),
// List (attestfs discover), FetchPayloads (attestfs verify REF).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "oci/referrer_artifact.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

// Referrers API pages followed at most (Link rel="next").
inline constexpr int kMaxReferrersPages = 16;
// Read-modify-write rounds of a fallback index before giving up (lost updates are redone).
inline constexpr int kMaxFallbackUpdateAttempts = 4;
// Referrer manifests examined per subject (newest first by their listed creation time): a
// registry listing 10,000 junk referrers must not cost 10,000 downloads.
inline constexpr size_t kMaxReferrersExamined = 128;
// Payload bytes downloaded per subject across all referrers (each payload is also capped at
// kMaxAttachmentBytes); past it the remaining (older) referrers are skipped with a note.
inline constexpr uint64_t kMaxReferrerPayloadBytes = 512ull << 20;

enum class ReferrersSource { kApi, kTagSchema, kCosignAttTag };

struct ReferrerEntry {
  Descriptor descriptor;  // the referrer manifest (artifactType + annotations as listed)
  ReferrersSource source = ReferrersSource::kApi;
};

// One evidence payload found among the referrers, read and digest-verified.
struct ReferrerPayload {
  Descriptor referrer;  // the manifest that carried it
  std::string artifact_type;
  Descriptor layer;  // the payload blob's descriptor (media type says bundle / DSSE)
  std::string bytes;
  Annotations annotations;  // the referrer manifest's annotations
  ReferrersSource source = ReferrersSource::kApi;
};

struct PayloadFetchOptions {
  std::string_view artifact_type;  // filter, as in List
  // Called as each payload arrives (digest-verified); false drops it at once, e.g. because its
  // signature does not verify under the caller's trust, so memory holds only what is kept.
  std::function<bool(const ReferrerPayload&)> keep;
  size_t max_referrers = kMaxReferrersExamined;
  uint64_t max_total_bytes = kMaxReferrerPayloadBytes;
  // Referrers passed over (listed but missing, over a cap), one line each, when not null.
  std::vector<std::string>* skipped = nullptr;
};

class ReferrersClient {
 public:
  explicit ReferrersClient(RegistryClient& registry) : registry_(registry) {}

  // True when GET /v2/<name>/referrers/<digest> answers 200 with an index (cached per repo).
  Result<bool> SupportsReferrersApi(const Reference& repo);

  // Pushes the artifact's blobs, then its manifest by digest, then (without referrers API) adds it
  // to the fallback index. Returns the referrer manifest's descriptor.
  Result<Descriptor> Attach(const Reference& repo, const ReferrerArtifact& artifact);
  // The manifest half of Attach: pushes an existing referrer manifest (its blobs must already be
  // in the repository) by digest and maintains the fallback index. Used by Copy.
  Result<Descriptor> PushReferrerManifest(const Reference& repo, std::string_view manifest_bytes);

  // Referrers of `subject`; `artifact_type` filters (client-side when the registry did not).
  Result<std::vector<ReferrerEntry>> List(const Reference& repo, const digest::Digest& subject,
                                          std::string_view artifact_type = "");

  // Fetches each referrer manifest, checks that its subject really is `subject`, and returns
  // the Sigstore-bundle and DSSE layers it carries (cosign .att tags: every DSSE layer).
  // Referrers are examined newest first (listed creation time), at most options.max_referrers
  // of them and options.max_total_bytes of payloads; one listed but missing (404) is recorded
  // in options.skipped and passed over. A payload blob shared by several referrers is fetched
  // once.
  Result<std::vector<ReferrerPayload>> FetchPayloads(const Reference& repo,
                                                     const digest::Digest& subject,
                                                     const PayloadFetchOptions& options);
  Result<std::vector<ReferrerPayload>> FetchPayloads(const Reference& repo,
                                                     const digest::Digest& subject,
                                                     std::string_view artifact_type = "") {
    PayloadFetchOptions o;
    o.artifact_type = artifact_type;
    return FetchPayloads(repo, subject, o);
  }

 private:
  Result<std::vector<ReferrerEntry>> ListFromApi(const Reference& repo,
                                                 const digest::Digest& subject,
                                                 std::string_view artifact_type, bool* supported);
  Result<std::vector<ReferrerEntry>> ListFromTag(const Reference& repo,
                                                 const digest::Digest& subject);
  Status AddToFallbackIndex(const Reference& repo, const digest::Digest& subject,
                            const Descriptor& entry) AFS_EXCLUDES(fallback_mu_, capability_mu_);

  RegistryClient& registry_;
  Mutex capability_mu_;
  // "registry/repo" -> referrers API supported.
  std::map<std::string, bool> capability_ AFS_GUARDED_BY(capability_mu_);
  // Serialises read-modify-write of fallback index tags (held alone); guards no member.
  Mutex fallback_mu_;
};

}  // namespace attestfs::oci

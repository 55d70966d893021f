// CheckEvidenceInStore: root manifest -> referrer manifests (subject checked) and cosign's
// legacy .att tag -> bundle/DSSE layers (size-capped, digest-verified) -> signature ->
// content/binding check.
#include "app/store_evidence.h"

#include <algorithm>

#include "app/model_binding.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/model_artifact.h"
#include "oci/referrer_artifact.h"
#include "oci/referrers_client.h"
#include "verify/content_selection.h"
#include "verify/manifest_evidence.h"

namespace attestfs::app {

namespace {

bool IsEvidenceLayer(const std::string& media_type) {
  return media_type.rfind(attestation::kBundleMediaTypePrefix, 0) == 0 ||
         media_type == attestation::kDsseEnvelopeMediaType;
}

// Reads the evidence layers of one referrer manifest (those `wanted` accepts) into `dated`,
// each bounded by kMaxAttachmentBytes and all by kMaxReferrerPayloadBytes (`total`); the store
// checks sizes and digests.
Status ReadEvidenceLayers(oci::ArtifactStore& store, const oci::Manifest& m,
                          bool (*wanted)(const std::string& media_type), const std::string& created,
                          uint64_t* total,
                          std::vector<std::pair<std::string, std::string>>* dated) {
  for (const auto& layer : m.layers) {
    if (!wanted(layer.media_type)) continue;
    if (layer.size < 0 ||
        *total + static_cast<uint64_t>(layer.size) > oci::kMaxReferrerPayloadBytes)
      continue;
    *total += static_cast<uint64_t>(layer.size);
    AFS_ASSIGN_OR_RETURN(auto bytes, store.FetchBlobBytes(layer, oci::kMaxAttachmentBytes));
    dated->emplace_back(created, std::move(bytes));
  }
  return OkStatus();
}

bool IsDsseLayer(const std::string& media_type) {
  return media_type == attestation::kDsseEnvelopeMediaType;
}

// Referrer payloads of `root`, newest first.
Result<std::vector<std::string>> Payloads(oci::ArtifactStore& store, const oci::Descriptor& root) {
  AFS_ASSIGN_OR_RETURN(auto referrers, store.ListReferrers(root.digest));
  // The caps of oci::PayloadFetchOptions: newest first by listed time, a bounded count and
  // byte total; a listed referrer that is missing is passed over.
  std::stable_sort(referrers.begin(), referrers.end(), [](const auto& a, const auto& b) {
    return a.Annotation(std::string(oci::kAnnotationCreated)) >
           b.Annotation(std::string(oci::kAnnotationCreated));
  });
  if (referrers.size() > oci::kMaxReferrersExamined) referrers.resize(oci::kMaxReferrersExamined);
  uint64_t total = 0;
  std::vector<std::pair<std::string, std::string>> dated;  // (created, payload)
  for (const auto& r : referrers) {
    auto fetched = store.FetchManifest(r.digest.ToString());
    if (!fetched.ok() && fetched.error().code() == Errc::kNotFound) continue;
    if (!fetched.ok()) return fetched.error();
    auto m = oci::Manifest::Parse(fetched->bytes);
    if (!m.ok() || !m->subject || m->subject->digest != root.digest)
      continue;  // not really about root
    std::string created;
    if (auto it = m->annotations.find(std::string(oci::kAnnotationCreated));
        it != m->annotations.end())
      created = it->second;
    AFS_TRY(ReadEvidenceLayers(store, *m, IsEvidenceLayer, created, &total, &dated));
  }
  // cosign's legacy attestation tag (sha256-<hex>.att): bound to root by its name, not by a
  // subject field; its DSSE layers are evidence like any referrer's (verify REF reads them too).
  AFS_ASSIGN_OR_RETURN(auto cosign_tags, store.CosignTags(root.digest));
  for (const auto& tag : cosign_tags) {
    if (tag != oci::CosignAttestationTag(root.digest)) continue;
    auto fetched = store.FetchManifest(tag);
    if (!fetched.ok() && fetched.error().code() == Errc::kNotFound) continue;
    if (!fetched.ok()) return fetched.error();
    auto m = oci::Manifest::Parse(fetched->bytes);
    if (!m.ok()) continue;
    // Undated: after the dated referrers.
    AFS_TRY(ReadEvidenceLayers(store, *m, IsDsseLayer, "", &total, &dated));
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> docs;
  for (auto& d : dated) docs.push_back(std::move(d.second));
  return docs;
}

}  // namespace

Result<std::vector<std::string>> ReferrerPayloads(oci::ArtifactStore& store,
                                                  const oci::Descriptor& root) {
  return Payloads(store, root);
}

Result<StoreEvidenceCheck> CheckEvidenceInStore(oci::ArtifactStore& store,
                                                const std::string& tag_or_digest,
                                                const keys::TrustPolicy& trust) {
  StoreEvidenceCheck out;
  AFS_ASSIGN_OR_RETURN(out.root, store.FetchManifest(tag_or_digest));
  AFS_ASSIGN_OR_RETURN(auto docs, Payloads(store, out.root.descriptor));
  std::string where = store.Name() + "@" + out.root.descriptor.digest.ToString();
  if (docs.empty()) return Error(Errc::kVerificationFailed, "no evidence referrers for " + where);
  out.model = oci::IsModelManifest(out.root.bytes);
  if (out.model) {
    auto selected = verify::SelectContentAttestation(docs, trust, /*require_full=*/false,
                                                     out.root.descriptor.digest);
    if (!selected.ok()) return selected.error().Context(where);
    AFS_TRY(BindModelArtifact(store, out.root.bytes, selected->content.manifest,
                              /*check_packed=*/true));
    out.used = selected->attestation;
    out.verified = selected->verified;
    out.files = selected->content.manifest.files.size();
    return out;
  }
  auto selected = verify::SelectManifestEvidence(docs, out.root.descriptor.digest, trust);
  if (!selected.used) {
    return Error(Errc::kVerificationFailed,
                 "no signed evidence naming " + where + " verified" + selected.reasons);
  }
  out.used = std::move(*selected.used);
  out.verified = std::move(selected.verified);
  return out;
}

}  // namespace attestfs::app

// Builders for referrer manifests (bundle / DSSE / generic).
#include "oci/referrer_artifact.h"

#include "attestation/media_types.h"
#include "base/clock.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {

ReferrerArtifact BuildReferrer(const Descriptor& subject, std::string_view artifact_type,
                               std::string_view layer_media_type, std::string_view payload,
                               Annotations annotations) {
  ReferrerArtifact out;
  Manifest m;
  m.media_type = std::string(kOciManifest);
  m.artifact_type = std::string(artifact_type);
  m.config = EmptyDescriptor();
  Descriptor layer = DescribeBytes(layer_media_type, payload);
  m.layers.push_back(layer);
  Descriptor subj;
  subj.media_type = subject.media_type;
  subj.digest = subject.digest;
  subj.size = subject.size;
  m.subject = subj;
  m.annotations = std::move(annotations);
  out.manifest_bytes = m.Serialize();
  out.manifest = DescribeBytes(kOciManifest, out.manifest_bytes);
  out.blobs.emplace_back(EmptyDescriptor(), std::string(kEmptyJson));
  out.blobs.emplace_back(layer, std::string(payload));
  return out;
}

ReferrerArtifact BuildBundleReferrer(const Descriptor& subject, std::string_view bundle_json,
                                     std::string_view predicate_type, int64_t created_unix) {
  Annotations a;
  a[std::string(kAnnotationBundleContent)] = "dsse-envelope";
  a[std::string(kAnnotationBundlePredicateType)] = std::string(predicate_type);
  a[std::string(kAnnotationCreated)] = FormatRfc3339(created_unix);
  return BuildReferrer(subject, attestation::kBundleMediaTypeV03, attestation::kBundleMediaTypeV03,
                       bundle_json, std::move(a));
}

ReferrerArtifact BuildDsseReferrer(const Descriptor& subject, std::string_view envelope_json,
                                   std::string_view predicate_type, int64_t created_unix) {
  Annotations a;
  a[std::string(kAnnotationBundlePredicateType)] = std::string(predicate_type);
  a[std::string(kAnnotationCreated)] = FormatRfc3339(created_unix);
  return BuildReferrer(subject, attestation::kInTotoPayloadType,
                       attestation::kDsseEnvelopeMediaType, envelope_json, std::move(a));
}

std::string ReferrersTag(const digest::Digest& subject) { return "sha256-" + subject.Hex(); }

std::string CosignAttestationTag(const digest::Digest& subject) {
  return ReferrersTag(subject) + ".att";
}

}  // namespace attestfs::oci

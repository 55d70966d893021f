// Referrer artifacts: the OCI manifests that carry evidence about a subject manifest, in
// cosign's current bundle format (artifactType + single layer
// application/vnd.dev.sigstore.bundle.v0.3+json, empty config, subject, annotations
// dev.sigstore.bundle.content / .predicateType and org.opencontainers.image.created) or as a
// plain DSSE envelope layer (application/vnd.dsse.envelope.v1+json, artifactType in-toto).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oci/descriptor.h"

namespace attestfs::oci {

// A referrer payload (bundle, envelope) read into memory is capped here (cosign's default
// COSIGN_MAX_ATTACHMENT_SIZE).
inline constexpr uint64_t kMaxAttachmentBytes = 128ull << 20;

struct ReferrerArtifact {
  std::string manifest_bytes;
  Descriptor manifest;  // media type, digest, size of manifest_bytes
  std::vector<std::pair<Descriptor, std::string>> blobs;  // config + layers to push first
};

// cosign v3 bundle referrer (BUNDLE_SPEC.md). `created_unix` becomes the created annotation.
ReferrerArtifact BuildBundleReferrer(const Descriptor& subject, std::string_view bundle_json,
                                     std::string_view predicate_type, int64_t created_unix);

// DSSE envelope referrer: layer application/vnd.dsse.envelope.v1+json, artifactType
// application/vnd.in-toto+json (cosign's attestation referrer choice).
ReferrerArtifact BuildDsseReferrer(const Descriptor& subject, std::string_view envelope_json,
                                   std::string_view predicate_type, int64_t created_unix);

// Generic: one payload layer of `layer_media_type`, empty config, the given artifactType.
ReferrerArtifact BuildReferrer(const Descriptor& subject, std::string_view artifact_type,
                               std::string_view layer_media_type, std::string_view payload,
                               Annotations annotations);

// The referrers tag-schema tag of a digest: "sha256-<hex>" (and cosign's legacy ".att").
std::string ReferrersTag(const digest::Digest& subject);
std::string CosignAttestationTag(const digest::Digest& subject);

}  // namespace attestfs::oci

// Manifest: an OCI image manifest (also accepts Docker schema 2 on read). Parsing enforces the
// 4 MiB manifest limit, tolerates a missing top-level mediaType (umoci, KitOps write none) and
// unknown fields. Serialise() writes the OCI form with keys in spec order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "oci/descriptor.h"

namespace attestfs::oci {

// The distribution spec asks clients to support manifests of at least 4 MB; oras-go and
// distribution cap at 4 MiB. Anything larger is refused with kTooLarge.
inline constexpr size_t kMaxManifestBytes = 4u << 20;

struct Manifest {
  int schema_version = 2;
  std::string media_type;     // may be empty in parsed input
  std::string artifact_type;  // empty when absent
  Descriptor config;
  std::vector<Descriptor> layers;
  std::optional<Descriptor> subject;
  Annotations annotations;

  // artifactType, else config.mediaType (the referrers rule).
  std::string EffectiveArtifactType() const;

  std::string Serialize() const;
  static Result<Manifest> Parse(std::string_view json);
};

// What a manifest body is, from its mediaType field or (when absent) its shape.
enum class ManifestKind { kImageManifest, kImageIndex, kUnknown };
// `content_type` may be empty; a body mediaType that contradicts it is kMalformed.
Result<ManifestKind> DetectManifestKind(std::string_view json, std::string_view content_type);

}  // namespace attestfs::oci

// ImageIndex: an OCI image index (also Docker manifest lists on read); the referrers API
// response and the referrers tag-schema fallback are image indexes too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "oci/descriptor.h"

namespace attestfs::oci {

struct ImageIndex {
  int schema_version = 2;
  std::string media_type;
  std::string artifact_type;
  std::vector<Descriptor> manifests;
  std::optional<Descriptor> subject;
  Annotations annotations;

  std::string Serialize() const;
  // Enforces kMaxManifestBytes.
  static Result<ImageIndex> Parse(std::string_view json);
};

}  // namespace attestfs::oci

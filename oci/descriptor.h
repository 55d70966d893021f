// Descriptor: an OCI content descriptor (mediaType, digest, size, annotations, ...).
// The JSON codec lives in manifest_codec.cc together with the manifest and index codecs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::oci {

using Annotations = std::map<std::string, std::string>;

struct Descriptor {
  std::string media_type;
  digest::Digest digest;
  int64_t size = 0;
  std::string artifact_type;  // empty when absent
  Annotations annotations;
  std::vector<std::string> urls;
  std::optional<std::string> data;  // decoded bytes of the base64 `data` field
  std::string platform_json;        // raw JSON of `platform` (index entries), empty if absent

  // Returns the annotation or an empty string.
  std::string Annotation(const std::string& key) const;
  bool operator==(const Descriptor& o) const {
    return media_type == o.media_type && digest == o.digest && size == o.size;
  }
};

// Descriptor of `bytes` with the given media type (digest + size computed here).
Descriptor DescribeBytes(std::string_view media_type, std::string_view bytes);

// The empty descriptor (`{}` blob, application/vnd.oci.empty.v1+json, size 2).
Descriptor EmptyDescriptor();

// Serialises one descriptor as compact JSON (keys in spec order).
std::string DescriptorToJson(const Descriptor& d);
Result<Descriptor> ParseDescriptorJson(std::string_view json);

}  // namespace attestfs::oci

// JSON codecs for Descriptor, Manifest and ImageIndex (the only nlohmann user for these types).
// Parsing is strict about types of known fields and lenient about unknown fields.
#include <functional>
#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/base64.h"
#include "digest/sha256_hasher.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

// A descriptor count far beyond any real manifest; bounds work on hostile input.
constexpr size_t kMaxDescriptorsPerManifest = 100000;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, what); }

Result<std::string> OptString(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Bad(std::string("field '") + key + "' is not a string");
  return it->get<std::string>();
}

Result<Annotations> ParseAnnotations(const Json& j) {
  Annotations out;
  auto it = j.find("annotations");
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_object()) return Bad("annotations is not an object");
  for (auto& [k, v] : it->items()) {
    if (!v.is_string()) return Bad("annotation '" + k + "' is not a string");
    out[k] = v.get<std::string>();
  }
  return out;
}

Result<Descriptor> DescriptorFromJson(const Json& j) {
  if (!j.is_object()) return Bad("descriptor is not an object");
  Descriptor d;
  AFS_ASSIGN_OR_RETURN(d.media_type, OptString(j, "mediaType"));
  AFS_ASSIGN_OR_RETURN(std::string dg, OptString(j, "digest"));
  if (dg.empty()) return Bad("descriptor has no digest");
  auto parsed = digest::Digest::Parse(dg);
  if (!parsed.ok()) {
    return Error(dg.rfind("sha256:", 0) == 0 ? Errc::kMalformed : Errc::kUnsupported,
                 "descriptor digest: " + parsed.error().message());
  }
  d.digest = *parsed;
  auto size = j.find("size");
  if (size == j.end() || !size->is_number_integer()) return Bad("descriptor has no integer size");
  d.size = size->get<int64_t>();
  if (d.size < 0) return Bad("descriptor size is negative");
  AFS_ASSIGN_OR_RETURN(d.artifact_type, OptString(j, "artifactType"));
  AFS_ASSIGN_OR_RETURN(d.annotations, ParseAnnotations(j));
  if (auto u = j.find("urls"); u != j.end() && !u->is_null()) {
    if (!u->is_array()) return Bad("urls is not an array");
    for (auto& s : *u) {
      if (!s.is_string()) return Bad("url is not a string");
      d.urls.push_back(s.get<std::string>());
    }
  }
  AFS_ASSIGN_OR_RETURN(std::string data, OptString(j, "data"));
  if (!data.empty()) {
    AFS_ASSIGN_OR_RETURN(std::string raw, digest::Base64Decode(data));
    // Embedded data must match the descriptor, or it is not the content it claims to be.
    if (static_cast<int64_t>(raw.size()) != d.size || digest::Sha256(raw) != d.digest) {
      return Error(Errc::kVerificationFailed, "descriptor data does not match its digest");
    }
    d.data = std::move(raw);
  }
  if (auto p = j.find("platform"); p != j.end() && p->is_object()) d.platform_json = p->dump();
  return d;
}

OJson DescriptorToOJson(const Descriptor& d) {
  OJson j;
  j["mediaType"] = d.media_type;
  j["digest"] = d.digest.ToString();
  j["size"] = d.size;
  if (!d.urls.empty()) j["urls"] = d.urls;
  if (d.data) j["data"] = digest::Base64Encode(*d.data);
  if (!d.platform_json.empty()) j["platform"] = OJson::parse(d.platform_json, nullptr, false);
  if (!d.artifact_type.empty()) j["artifactType"] = d.artifact_type;
  if (!d.annotations.empty()) {
    OJson a = OJson::object();
    for (auto& [k, v] : d.annotations) a[k] = v;
    j["annotations"] = a;
  }
  return j;
}

Result<Json> ParseTop(std::string_view json, const char* what) {
  if (json.size() > kMaxManifestBytes) {
    return Error(Errc::kTooLarge, std::string(what) + " is " + std::to_string(json.size()) +
                                      " bytes, over the 4 MiB manifest limit");
  }
  if (Status d = CheckJsonDepth(json); !d.ok()) return d.error().Context(what);
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad(std::string(what) + " is not valid JSON");
  if (!j.is_object()) return Bad(std::string(what) + " is not a JSON object");
  auto sv = j.find("schemaVersion");
  if (sv == j.end() || !sv->is_number_integer() || sv->get<int>() != 2) {
    return Bad(std::string(what) + " schemaVersion is not 2");
  }
  return j;
}

Result<std::vector<Descriptor>> DescriptorList(const Json& j, const char* key, bool required) {
  std::vector<Descriptor> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Bad(std::string("missing '") + key + "'");
    return out;
  }
  if (!it->is_array()) return Bad(std::string("'") + key + "' is not an array");
  if (it->size() > kMaxDescriptorsPerManifest)
    return Error(Errc::kTooLarge, "too many descriptors");
  for (auto& e : *it) {
    auto d = DescriptorFromJson(e);
    if (!d.ok()) return d.error().Context(key);
    out.push_back(std::move(*d));
  }
  return out;
}

template <typename T>
Result<T> Guard(const char* what, const std::function<Result<T>()>& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Bad(std::string(what) + ": " + e.what());
  }
}

}  // namespace

std::string Descriptor::Annotation(const std::string& key) const {
  auto it = annotations.find(key);
  return it == annotations.end() ? std::string() : it->second;
}

Descriptor DescribeBytes(std::string_view media_type, std::string_view bytes) {
  Descriptor d;
  d.media_type = std::string(media_type);
  d.digest = digest::Sha256(bytes);
  d.size = static_cast<int64_t>(bytes.size());
  return d;
}

Descriptor EmptyDescriptor() { return DescribeBytes(kOciEmpty, kEmptyJson); }

std::string DescriptorToJson(const Descriptor& d) { return DescriptorToOJson(d).dump(); }

Result<Descriptor> ParseDescriptorJson(std::string_view json) {
  return Guard<Descriptor>("descriptor", [&]() -> Result<Descriptor> {
    if (Status d = CheckJsonDepth(json); !d.ok()) return d.error().Context("descriptor");
    Json j = Json::parse(json, nullptr, false);
    if (j.is_discarded()) return Bad("descriptor is not valid JSON");
    return DescriptorFromJson(j);
  });
}

std::string Manifest::EffectiveArtifactType() const {
  return artifact_type.empty() ? config.media_type : artifact_type;
}

std::string Manifest::Serialize() const {
  OJson j;
  j["schemaVersion"] = schema_version;
  j["mediaType"] = media_type.empty() ? std::string(kOciManifest) : media_type;
  if (!artifact_type.empty()) j["artifactType"] = artifact_type;
  j["config"] = DescriptorToOJson(config);
  OJson layers_json = OJson::array();
  for (auto& l : layers) layers_json.push_back(DescriptorToOJson(l));
  j["layers"] = layers_json;
  if (subject) j["subject"] = DescriptorToOJson(*subject);
  if (!annotations.empty()) {
    OJson a = OJson::object();
    for (auto& [k, v] : annotations) a[k] = v;
    j["annotations"] = a;
  }
  return j.dump();
}

Result<Manifest> Manifest::Parse(std::string_view json) {
  return Guard<Manifest>("manifest", [&]() -> Result<Manifest> {
    AFS_ASSIGN_OR_RETURN(Json j, ParseTop(json, "manifest"));
    Manifest m;
    AFS_ASSIGN_OR_RETURN(m.media_type, OptString(j, "mediaType"));
    if (!m.media_type.empty() && m.media_type != kOciManifest && m.media_type != kDockerManifest) {
      return Bad("manifest mediaType '" + m.media_type + "' is not an image manifest");
    }
    AFS_ASSIGN_OR_RETURN(m.artifact_type, OptString(j, "artifactType"));
    auto cfg = j.find("config");
    if (cfg == j.end()) return Bad("manifest has no config");
    auto c = DescriptorFromJson(*cfg);
    if (!c.ok()) return c.error().Context("manifest config");
    m.config = std::move(*c);
    AFS_ASSIGN_OR_RETURN(m.layers, DescriptorList(j, "layers", false));
    if (auto s = j.find("subject"); s != j.end() && !s->is_null()) {
      auto sd = DescriptorFromJson(*s);
      if (!sd.ok()) return sd.error().Context("manifest subject");
      m.subject = std::move(*sd);
    }
    AFS_ASSIGN_OR_RETURN(m.annotations, ParseAnnotations(j));
    return m;
  });
}

std::string ImageIndex::Serialize() const {
  OJson j;
  j["schemaVersion"] = schema_version;
  j["mediaType"] = media_type.empty() ? std::string(kOciIndex) : media_type;
  if (!artifact_type.empty()) j["artifactType"] = artifact_type;
  OJson list = OJson::array();
  for (auto& d : manifests) list.push_back(DescriptorToOJson(d));
  j["manifests"] = list;
  if (subject) j["subject"] = DescriptorToOJson(*subject);
  if (!annotations.empty()) {
    OJson a = OJson::object();
    for (auto& [k, v] : annotations) a[k] = v;
    j["annotations"] = a;
  }
  return j.dump();
}

Result<ImageIndex> ImageIndex::Parse(std::string_view json) {
  return Guard<ImageIndex>("index", [&]() -> Result<ImageIndex> {
    AFS_ASSIGN_OR_RETURN(Json j, ParseTop(json, "index"));
    ImageIndex x;
    AFS_ASSIGN_OR_RETURN(x.media_type, OptString(j, "mediaType"));
    if (!x.media_type.empty() && x.media_type != kOciIndex && x.media_type != kDockerManifestList) {
      return Bad("index mediaType '" + x.media_type + "' is not an image index");
    }
    AFS_ASSIGN_OR_RETURN(x.artifact_type, OptString(j, "artifactType"));
    AFS_ASSIGN_OR_RETURN(x.manifests, DescriptorList(j, "manifests", true));
    if (auto s = j.find("subject"); s != j.end() && !s->is_null()) {
      auto sd = DescriptorFromJson(*s);
      if (!sd.ok()) return sd.error().Context("index subject");
      x.subject = std::move(*sd);
    }
    AFS_ASSIGN_OR_RETURN(x.annotations, ParseAnnotations(j));
    return x;
  });
}

Result<ManifestKind> DetectManifestKind(std::string_view json, std::string_view content_type) {
  return Guard<ManifestKind>("manifest", [&]() -> Result<ManifestKind> {
    AFS_ASSIGN_OR_RETURN(Json j, ParseTop(json, "manifest"));
    AFS_ASSIGN_OR_RETURN(std::string mt, OptString(j, "mediaType"));
    // Content-Type may carry parameters ("; charset=..."); compare the bare type.
    std::string_view ct = content_type.substr(0, content_type.find(';'));
    while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
    auto kind_of = [](std::string_view t) {
      if (t == kOciManifest || t == kDockerManifest) return ManifestKind::kImageManifest;
      if (t == kOciIndex || t == kDockerManifestList) return ManifestKind::kImageIndex;
      return ManifestKind::kUnknown;
    };
    if (!mt.empty()) {
      ManifestKind k = kind_of(mt);
      if (!ct.empty() && kind_of(ct) != ManifestKind::kUnknown && ct != mt) {
        return Bad("manifest mediaType '" + mt + "' does not match Content-Type '" +
                   std::string(ct) + "'");
      }
      return k;
    }
    if (kind_of(ct) != ManifestKind::kUnknown) return kind_of(ct);
    if (j.contains("manifests")) return ManifestKind::kImageIndex;
    if (j.contains("config")) return ManifestKind::kImageManifest;
    return ManifestKind::kUnknown;
  });
}

}  // namespace attestfs::oci

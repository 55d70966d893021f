// OpenImage: the four ways in (registry, OCI layout, oci-archive, docker-archive), each ending
// in one platform manifest whose bytes were checked against their digest, plus a BlobStore.
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/json_depth.h"
#include "base/temp_dir.h"
#include "digest/sha256_hasher.h"
#include "image/archive_extract.h"
#include "image/blob_store.h"
#include "image/image_limits.h"
#include "image/opened_image.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/registry_client.h"

namespace attestfs::image {
namespace {

using Fetch = std::function<Result<std::string>(const oci::Descriptor&)>;

struct Platform {
  std::string os, arch, variant;
  std::string Text() const { return os + "/" + arch + (variant.empty() ? "" : "/" + variant); }
};

Platform ParsePlatformJson(const std::string& text) {
  Platform p;
  if (text.empty() || !CheckJsonDepth(text).ok()) return p;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return p;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  p.os = str("os");
  p.arch = str("architecture");
  p.variant = str("variant");
  return p;
}

Result<oci::Descriptor> PickFromIndex(const oci::ImageIndex& idx, const std::string& want) {
  std::vector<const oci::Descriptor*> candidates;
  for (const auto& d : idx.manifests) {
    bool manifest_type = d.media_type.empty() || d.media_type == oci::kOciManifest ||
                         d.media_type == oci::kDockerManifest || d.media_type == oci::kOciIndex ||
                         d.media_type == oci::kDockerManifestList;
    // buildx attaches provenance manifests as platform unknown/unknown.
    if (!manifest_type || ParsePlatformJson(d.platform_json).os == "unknown") continue;
    candidates.push_back(&d);
  }
  if (candidates.size() == 1) return *candidates[0];
  Platform w;
  std::string rest = want;
  size_t a = rest.find('/');
  w.os = rest.substr(0, a);
  if (a != std::string::npos) {
    rest = rest.substr(a + 1);
    size_t b = rest.find('/');
    w.arch = rest.substr(0, b);
    if (b != std::string::npos) w.variant = rest.substr(b + 1);
  }
  std::string seen;
  for (const auto* d : candidates) {
    Platform p = ParsePlatformJson(d->platform_json);
    if (p.os == w.os && p.arch == w.arch && (w.variant.empty() || p.variant == w.variant))
      return *d;
    seen += (seen.empty() ? "" : ", ") + p.Text();
  }
  return Error(Errc::kNotFound,
               "the image index has no manifest for " + want + " (it has: " + seen + ")");
}

// Follows indexes down to one image manifest; `bytes` are the verified bytes of `d`.
Result<std::pair<oci::Descriptor, std::string>> ResolveToManifest(oci::Descriptor d,
                                                                  std::string bytes,
                                                                  const Fetch& fetch,
                                                                  const std::string& platform) {
  for (int depth = 0;; ++depth) {
    if (bytes.size() > oci::kMaxManifestBytes) {
      return Error(Errc::kTooLarge,
                   "manifest " + d.digest.ToString() + " is over the 4 MiB manifest limit");
    }
    AFS_ASSIGN_OR_RETURN(oci::ManifestKind kind, oci::DetectManifestKind(bytes, d.media_type));
    if (kind == oci::ManifestKind::kImageManifest) return std::make_pair(d, std::move(bytes));
    if (kind != oci::ManifestKind::kImageIndex) {
      return Error(Errc::kUnsupported, "manifest " + d.digest.ToString() +
                                           " is neither an image manifest nor an index");
    }
    if (depth >= kMaxIndexDepth)
      return Error(Errc::kMalformed,
                   "image indexes nested deeper than " + std::to_string(kMaxIndexDepth));
    AFS_ASSIGN_OR_RETURN(oci::ImageIndex idx, oci::ImageIndex::Parse(bytes));
    AFS_ASSIGN_OR_RETURN(d, PickFromIndex(idx, platform));
    AFS_ASSIGN_OR_RETURN(bytes, fetch(d));
  }
}

Result<std::unique_ptr<OpenedImage>> Assemble(const ImageTarget& target, oci::Descriptor d,
                                              std::string bytes, std::unique_ptr<BlobStore> store,
                                              TempDir& temp) {
  if (digest::Sha256(bytes) != d.digest || static_cast<int64_t>(bytes.size()) != d.size)
    return Error(Errc::kVerificationFailed, "manifest does not match " + d.digest.ToString());
  auto m = oci::Manifest::Parse(bytes);
  if (!m.ok()) return m.error().Context("manifest " + d.digest.ToString());
  if (!m->media_type.empty()) d.media_type = m->media_type;
  if (d.media_type != oci::kDockerManifest) d.media_type = std::string(oci::kOciManifest);
  OpenedImage::Parts parts{target,         d, std::move(bytes), std::move(*m), std::move(store),
                           std::move(temp)};
  auto img = std::make_unique<OpenedImage>(std::move(parts));
  AFS_TRY(img->LoadConfig());
  AFS_TRY(img->CheckLayersPresent());
  return img;
}

Fetch StoreFetch(BlobStore& store) {
  return [&store](const oci::Descriptor& d) -> Result<std::string> {
    AFS_ASSIGN_OR_RETURN(LocalBlob b, store.Locate(d));
    AFS_ASSIGN_OR_RETURN(auto reader, BlobReader::Open(b.path, d, "manifest"));
    return reader->ReadAll(oci::kMaxManifestBytes);
  };
}

// index.json + blobs (a layout directory or an extracted oci-archive).
Result<std::unique_ptr<OpenedImage>> OpenOciLocal(const ImageTarget& target,
                                                  const std::string& index_text,
                                                  std::unique_ptr<BlobStore> store, TempDir& temp,
                                                  const OpenOptions& options) {
  auto idx = oci::ImageIndex::Parse(index_text);
  if (!idx.ok()) return idx.error().Context("index.json");
  oci::Descriptor d;
  bool found = false;
  std::string tags;
  for (const auto& m : idx->manifests) {
    std::string name = m.Annotation(std::string(oci::kAnnotationRefName));
    if (!name.empty()) tags += (tags.empty() ? "" : ", ") + name;
    bool match = target.tag.empty()                    ? idx->manifests.size() == 1
                 : target.tag.rfind("sha256:", 0) == 0 ? m.digest.ToString() == target.tag
                                                       : name == target.tag;
    if (match && !found) {
      d = m;
      found = true;
    }
  }
  if (!found && target.tag.rfind("sha256:", 0) == 0) {
    // A manifest that index.json does not list (a platform manifest below an index): take the
    // blob itself; its digest is checked when it is read.
    auto dg = digest::Digest::Parse(target.tag);
    if (!dg.ok()) return dg.error();
    d.digest = *dg;
    auto blob = store->Locate(d);
    std::error_code ec;
    uintmax_t size = blob.ok() ? std::filesystem::file_size(blob->path, ec) : 0;
    if (blob.ok() && !ec && size <= oci::kMaxManifestBytes) {
      d.size = static_cast<int64_t>(size);
      found = true;
    }
  }
  if (!found) {
    if (target.tag.empty()) {
      return Error(Errc::kNotFound, "index.json lists " + std::to_string(idx->manifests.size()) +
                                        " manifests; name one with :TAG (tags: " + tags + ")");
    }
    return Error(Errc::kNotFound,
                 "no manifest '" + target.tag + "' in index.json (tags: " + tags + ")");
  }
  Fetch fetch = StoreFetch(*store);
  AFS_ASSIGN_OR_RETURN(std::string bytes, fetch(d));
  AFS_ASSIGN_OR_RETURN(auto resolved,
                       ResolveToManifest(d, std::move(bytes), fetch, options.platform));
  return Assemble(target, std::move(resolved.first), std::move(resolved.second), std::move(store),
                  temp);
}

Result<std::unique_ptr<OpenedImage>> OpenLayout(const ImageTarget& target, const OpenOptions& o) {
  std::error_code ec;
  if (!std::filesystem::exists(target.location + "/oci-layout", ec))
    return Error(Errc::kNotFound, target.location + " is not an OCI image layout (no oci-layout)");
  AFS_ASSIGN_OR_RETURN(std::string index,
                       ReadFileLimited(target.location + "/index.json", oci::kMaxManifestBytes));
  TempDir none;
  return OpenOciLocal(target, index, MakeLayoutStore(target.location), none, o);
}

Result<std::unique_ptr<OpenedImage>> OpenOciArchive(const ImageTarget& target,
                                                    const OpenOptions& o) {
  AFS_ASSIGN_OR_RETURN(TempDir temp, TempDir::Create("attestfs-image"));
  AFS_ASSIGN_OR_RETURN(ExtractedArchive a, ExtractArchive(target.location, temp.path()));
  auto index_file = ResolveMember(a, "index.json");
  if (!index_file.ok()) return Error(Errc::kMalformed, target.location + " has no index.json");
  AFS_ASSIGN_OR_RETURN(std::string index, ReadFileLimited(*index_file, oci::kMaxManifestBytes));
  std::map<digest::Digest, std::string> blobs;
  for (const auto& [path, file] : a.files) {
    if (path.rfind("blobs/sha256/", 0) != 0) continue;
    auto dg = digest::Digest::FromHex(path.substr(13));
    if (dg.ok()) blobs[*dg] = file;
  }
  return OpenOciLocal(target, index, MakeFileMapStore(std::move(blobs)), temp, o);
}

// docker save / skopeo docker-archive: manifest.json names the config and layer files; the
// manifest is synthesised the way containers/image does (`skopeo inspect --raw` gives the same
// bytes, hence the same digest): Docker schema 2, layers typed tar.gzip whatever their encoding.
Result<std::unique_ptr<OpenedImage>> OpenDockerArchive(const ImageTarget& target) {
  AFS_ASSIGN_OR_RETURN(TempDir temp, TempDir::Create("attestfs-image"));
  AFS_ASSIGN_OR_RETURN(ExtractedArchive a, ExtractArchive(target.location, temp.path()));
  auto mf = ResolveMember(a, "manifest.json");
  if (!mf.ok()) return Error(Errc::kMalformed, target.location + " has no manifest.json");
  AFS_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(*mf, kMaxArchiveManifestBytes));
  if (Status d = CheckJsonDepth(text); !d.ok())
    return d.error().Context(target.location + ": manifest.json");
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array() || j.empty() || !j[0].is_object())
    return Error(Errc::kMalformed, target.location + ": manifest.json is not a list of images");
  if (j.size() != 1) {
    return Error(Errc::kUnsupported, target.location + " holds " + std::to_string(j.size()) +
                                         " images; only single-image archives are supported");
  }
  const auto& entry = j[0];
  auto cfg = entry.find("Config");
  auto layers = entry.find("Layers");
  if (cfg == entry.end() || !cfg->is_string() || layers == entry.end() || !layers->is_array())
    return Error(Errc::kMalformed, target.location + ": manifest.json lacks Config or Layers");
  if (layers->size() > kMaxLayers) return Error(Errc::kTooLarge, "too many layers in archive");
  std::map<digest::Digest, std::string> blobs;
  auto describe = [&](const std::string& member,
                      std::string_view media_type) -> Result<nlohmann::ordered_json> {
    AFS_ASSIGN_OR_RETURN(std::string file, ResolveMember(a, member));
    AFS_ASSIGN_OR_RETURN(digest::FileHash h, digest::HashFile(file));
    blobs[h.digest] = file;
    return nlohmann::ordered_json{
        {"mediaType", media_type}, {"size", h.size}, {"digest", h.digest.ToString()}};
  };
  nlohmann::ordered_json m;
  m["schemaVersion"] = 2;
  m["mediaType"] = oci::kDockerManifest;
  AFS_ASSIGN_OR_RETURN(m["config"], describe(cfg->get<std::string>(), kDockerConfig));
  m["layers"] = nlohmann::ordered_json::array();
  for (const auto& l : *layers) {
    if (!l.is_string()) return Error(Errc::kMalformed, "manifest.json layer is not a string");
    AFS_ASSIGN_OR_RETURN(auto desc, describe(l.get<std::string>(), kDockerLayerTarGzip));
    m["layers"].push_back(std::move(desc));
  }
  std::string bytes = m.dump();
  oci::Descriptor d = oci::DescribeBytes(oci::kDockerManifest, bytes);
  return Assemble(target, d, std::move(bytes), MakeFileMapStore(std::move(blobs)), temp);
}

Result<std::unique_ptr<OpenedImage>> OpenRegistry(const ImageTarget& target,
                                                  oci::RegistryClient* registry,
                                                  const OpenOptions& o) {
  if (registry == nullptr)
    return Error(Errc::kUsage, "registry: targets need a registry connection");
  AFS_ASSIGN_OR_RETURN(oci::Reference ref, oci::Reference::Parse(target.location));
  AFS_ASSIGN_OR_RETURN(oci::FetchedManifest top, registry->FetchManifest(ref));
  Fetch fetch = [&](const oci::Descriptor& d) -> Result<std::string> {
    if (d.size < 0 || static_cast<uint64_t>(d.size) > oci::kMaxManifestBytes)
      return Error(Errc::kTooLarge, "manifest " + d.digest.ToString() + " is over 4 MiB");
    AFS_ASSIGN_OR_RETURN(oci::FetchedManifest m, registry->FetchManifest(ref.WithDigest(d.digest)));
    return std::move(m.bytes);
  };
  AFS_ASSIGN_OR_RETURN(auto resolved,
                       ResolveToManifest(top.descriptor, std::move(top.bytes), fetch, o.platform));
  AFS_ASSIGN_OR_RETURN(TempDir temp, TempDir::Create("attestfs-image"));
  auto store = MakeRegistryStore(registry, ref, temp.path());
  return Assemble(target, std::move(resolved.first), std::move(resolved.second), std::move(store),
                  temp);
}

}  // namespace

Result<std::unique_ptr<OpenedImage>> OpenImage(const ImageTarget& target,
                                               oci::RegistryClient* registry,
                                               const OpenOptions& options) {
  Result<std::unique_ptr<OpenedImage>> r = Error(Errc::kInternal, "unknown image target kind");
  switch (target.kind) {
    case ImageTarget::Kind::kRegistry:
      r = OpenRegistry(target, registry, options);
      break;
    case ImageTarget::Kind::kOciLayout:
      r = OpenLayout(target, options);
      break;
    case ImageTarget::Kind::kOciArchive:
      r = OpenOciArchive(target, options);
      break;
    case ImageTarget::Kind::kDockerArchive:
      r = OpenDockerArchive(target);
      break;
  }
  if (!r.ok()) return r.error().Context("open image " + target.ToString());
  return r;
}

}  // namespace attestfs::image

// OpenedImage: blob access (verified streaming), config loading and the temp-dir lifetime.
#include "image/opened_image.h"

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "image/blob_store.h"
#include "image/image_limits.h"
#include "oci/media_types.h"

namespace attestfs::image {

OpenedImage::OpenedImage(Parts parts)
    : target_(std::move(parts.target)),
      manifest_descriptor_(std::move(parts.manifest_descriptor)),
      manifest_bytes_(std::move(parts.manifest_bytes)),
      manifest_(std::move(parts.manifest)),
      store_(std::move(parts.store)),
      temp_dir_(std::move(parts.temp_dir)) {}

OpenedImage::~OpenedImage() {
  store_.reset();  // before temp_dir_ goes: the store may hold files in it
}

bool OpenedImage::IsRemote() const { return store_->IsRemote(); }

Result<std::unique_ptr<BlobReader>> OpenedImage::OpenBlob(const oci::Descriptor& d,
                                                          const std::string& label) {
  auto located = store_->Locate(d);
  if (!located.ok()) return located.error().Context(label + " " + d.digest.ToString());
  auto reader = BlobReader::Open(located->path, d, label);
  // A downloaded file is private: once open, its name is no longer needed.
  if (located->temporary) ::unlink(located->path.c_str());
  return reader;
}

Status OpenedImage::VerifyBlob(const oci::Descriptor& d, const std::string& label) {
  AFS_ASSIGN_OR_RETURN(auto reader, OpenBlob(d, label));
  return reader->Finish();
}

Status OpenedImage::LoadConfig() {
  const oci::Descriptor& c = manifest_.config;
  if (c.media_type != oci::kOciConfig && c.media_type != kDockerConfig) {
    return Error(Errc::kUnsupported, "config media type '" + c.media_type +
                                         "' is not a container image config (an artifact?)");
  }
  AFS_ASSIGN_OR_RETURN(auto reader, OpenBlob(c, "config"));
  AFS_ASSIGN_OR_RETURN(config_bytes_, reader->ReadAll(kMaxConfigBytes));
  if (Status d = CheckJsonDepth(config_bytes_); !d.ok())
    return d.error().Context("config " + c.digest.ToString());
  auto j = nlohmann::json::parse(config_bytes_, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(Errc::kMalformed, "config " + c.digest.ToString() + " is not a JSON object");
  auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string os = str("os"), arch = str("architecture"), variant = str("variant");
  if (!os.empty() || !arch.empty())
    platform_ = os + "/" + arch + (variant.empty() ? "" : "/" + variant);
  if (auto rootfs = j.find("rootfs"); rootfs != j.end() && rootfs->is_object()) {
    if (auto ids = rootfs->find("diff_ids"); ids != rootfs->end() && ids->is_array()) {
      if (ids->size() > kMaxLayers) return Error(Errc::kTooLarge, "config lists too many diff_ids");
      for (const auto& id : *ids)
        if (id.is_string()) diff_ids_.push_back(id.get<std::string>());
    }
  }
  return OkStatus();
}

Status OpenedImage::CheckLayersPresent() {
  if (manifest_.layers.size() > kMaxLayers) {
    return Error(Errc::kTooLarge, "image has " + std::to_string(manifest_.layers.size()) +
                                      " layers, over the limit of " + std::to_string(kMaxLayers));
  }
  for (size_t i = 0; i < manifest_.layers.size(); ++i) {
    Status s = store_->CheckPresent(manifest_.layers[i]);
    if (!s.ok()) {
      return s.error().Context("layer " + std::to_string(i + 1) + "/" +
                               std::to_string(manifest_.layers.size()));
    }
  }
  return OkStatus();
}

}  // namespace attestfs::image

// OpenedImage: a container image resolved to one platform manifest — its descriptor (digest,
// size, media type), the parsed manifest (OCI or Docker schema 2), the verified config bytes and
// the layer descriptors — plus verified access to its blobs. Temporary files (extracted
// archives, downloaded layers) live in a private directory removed by the destructor.
//
//   auto img = OpenImage(*ParseImageTarget("oci-layout:./img:latest"), nullptr);
//   auto inv = ScanImage(**img);                     // image_inventory.h
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/temp_dir.h"
#include "image/blob_reader.h"
#include "image/image_target.h"
#include "oci/descriptor.h"
#include "oci/manifest.h"

namespace attestfs::oci {
class RegistryClient;
}

namespace attestfs::image {

class BlobStore;

// Docker schema 2 types that oci/media_types.h does not name.
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerTarGzip =
    "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view kDockerLayerForeignTarGzip =
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
inline constexpr std::string_view kOciLayerNondistributablePrefix =
    "application/vnd.oci.image.layer.nondistributable.v1.tar";
// The platform picked from an index when the caller names none.
inline constexpr std::string_view kDefaultPlatform = "linux/amd64";

class OpenedImage {
 public:
  struct Parts {
    ImageTarget target;
    oci::Descriptor manifest_descriptor;
    std::string manifest_bytes;
    oci::Manifest manifest;
    std::unique_ptr<BlobStore> store;
    TempDir temp_dir;  // extracted archive or fetched blobs, removed with the image
  };
  explicit OpenedImage(Parts parts);
  ~OpenedImage();
  OpenedImage(const OpenedImage&) = delete;
  OpenedImage& operator=(const OpenedImage&) = delete;

  const ImageTarget& target() const { return target_; }
  // Digest, size and media type of the (platform) manifest: the attestation subject.
  const oci::Descriptor& manifest_descriptor() const { return manifest_descriptor_; }
  const std::string& manifest_bytes() const { return manifest_bytes_; }
  const oci::Manifest& manifest() const { return manifest_; }
  const oci::Descriptor& config_descriptor() const { return manifest_.config; }
  const std::vector<oci::Descriptor>& layers() const { return manifest_.layers; }
  // The config blob (verified when the image was opened).
  const std::string& config_bytes() const { return config_bytes_; }
  // "os/architecture[/variant]" from the config ("" when it says nothing).
  const std::string& platform() const { return platform_; }
  // Layer diff IDs from config.rootfs.diff_ids (may be empty).
  const std::vector<std::string>& diff_ids() const { return diff_ids_; }
  // True for registry images (each OpenBlob downloads again).
  bool IsRemote() const;

  // Streams a blob of this image; the reader verifies size and digest (see BlobReader).
  Result<std::unique_ptr<BlobReader>> OpenBlob(const oci::Descriptor& d, const std::string& label);
  // Reads the whole blob again (downloads it again from a registry) and verifies it.
  Status VerifyBlob(const oci::Descriptor& d, const std::string& label);

  // Reads and checks the config (called by OpenImage).
  Status LoadConfig();
  // Cheap checks of every layer blob's presence and size (local images).
  Status CheckLayersPresent();

 private:
  ImageTarget target_;
  oci::Descriptor manifest_descriptor_;
  std::string manifest_bytes_;
  oci::Manifest manifest_;
  std::string config_bytes_;
  std::string platform_;
  std::vector<std::string> diff_ids_;
  std::unique_ptr<BlobStore> store_;
  TempDir temp_dir_;
};

struct OpenOptions {
  std::string platform = std::string(kDefaultPlatform);  // "os/arch[/variant]" for indexes
};

// Opens the image: resolves the tag, picks the platform manifest from an index (the only image
// manifest, else `options.platform`), accepts OCI and Docker schema 2 manifests (refusing more
// than 4 MiB), reads and verifies the config, and checks that every layer blob is present with
// the right size. `registry` is needed for kRegistry targets only.
Result<std::unique_ptr<OpenedImage>> OpenImage(const ImageTarget& target,
                                               oci::RegistryClient* registry,
                                               const OpenOptions& options = {});

}  // namespace attestfs::image

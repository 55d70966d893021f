// The image SBOM: an in-toto Statement whose subject is the image manifest digest and whose
// predicate is a CycloneDX 1.6 BOM listing the config, the layers, every file, the OS and its
// Debian packages, Python distributions and model files (machine-learning-model components).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "attestation/statement.h"
#include "base/result.h"
#include "image/image_inventory.h"
#include "image/opened_image.h"

namespace attestfs::image {

// Property names written into image BOMs (read back by CheckImageBinding).
inline constexpr std::string_view kPropKind = "attestfs:kind";      // "image"
inline constexpr std::string_view kPropRole = "attestfs:oci.role";  // config | layer
inline constexpr std::string_view kPropMediaType = "attestfs:oci.mediaType";
inline constexpr std::string_view kPropLayerIndex = "attestfs:oci.layerIndex";
inline constexpr std::string_view kPropDiffId = "attestfs:oci.diffId";
inline constexpr std::string_view kPropManifestMediaType = "attestfs:oci.manifestMediaType";
inline constexpr std::string_view kPropPlatform = "attestfs:oci.platform";
inline constexpr std::string_view kPropSize = "attestfs:size";
inline constexpr std::string_view kPropMode = "attestfs:image.mode";
inline constexpr std::string_view kPropFileLayer = "attestfs:image.layer";
inline constexpr std::string_view kPropSymlink = "attestfs:symlink";
inline constexpr std::string_view kPropModelFormat = "attestfs:model.format";

struct ImageBomOptions {
  std::string tool_version;
  std::string serial_uuid;  // random when empty
};

// Builds the statement (predicateType https://cyclonedx.org/bom). `created_unix` is the BOM
// timestamp and the subject's attestfs.dev/created annotation.
Result<attestation::Statement> BuildImageStatement(const OpenedImage& image,
                                                   const ImageInventory& inventory,
                                                   const std::string& subject_name,
                                                   int64_t created_unix,
                                                   const ImageBomOptions& options = {});

// purl helpers (exposed for tests): percent-encoding of purl segments.
std::string PurlEncode(std::string_view s);
std::string DebPurl(const OsPackage& p, const std::optional<OsRelease>& os);
std::string PypiPurl(const PythonDist& d);

}  // namespace attestfs::image

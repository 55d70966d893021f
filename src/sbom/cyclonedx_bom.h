// CycloneDX 1.6 ML-BOM (predicate https://cyclonedx.org/bom): built from a FileManifest plus
// model-card / config metadata, and parsed back into a FileManifest for verification.
// Every file is a `file` component with SHA-256 and attestfs:* properties (size, executable,
// symlink target, chunk index); the chunk size and include/exclude patterns are metadata
// properties.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"

namespace attestfs::sbom {

struct BomContext {
  enum class Kind { kModel, kDataset, kFiles };
  Kind kind = Kind::kFiles;      // kModel when config.json / weights / model card present
  std::string name;              // the subject name
  std::string readme_text;       // README.md (Hugging Face model/dataset card), may be empty
  std::string config_json_text;  // config.json, may be empty
  std::string git_commit;        // for git: targets
  std::string git_remote;
  std::vector<std::string> git_uncommitted;
  std::vector<std::string> git_lfs_missing;
  int64_t created_unix = 0;  // metadata.timestamp
  std::string tool_version;
  std::string serial_uuid;  // urn:uuid serial (random when empty)
};

// Guesses the kind from the manifest's file names (weights, config.json, dataset files).
BomContext::Kind GuessKind(const attestation::FileManifest& manifest, std::string_view readme_text);

Result<std::string> BuildCycloneDx(const attestation::FileManifest& manifest,
                                   const BomContext& ctx);

struct ParsedBom {
  attestation::FileManifest manifest;
  std::vector<std::string> licenses;  // SPDX ids (or names) of the model / dataset components
  std::string model_name;
  std::string git_commit;
};
// Parses untrusted BOM JSON (size-limited); files come from `file` components with SHA-256.
Result<ParsedBom> ParseCycloneDx(std::string_view json);

}  // namespace attestfs::sbom

// ModelArtifact: a model directory as a CNCF ModelPack OCI artifact (artifactType
// application/vnd.cncf.model.manifest.v1+json, config application/vnd.cncf.model.config.v1+json).
// Up to kMaxRawLayerFiles files: one raw layer per file, so a layer digest IS the file's SHA-256
// (taken from the attested FileManifest, not re-read). Beyond that, the largest files stay raw
// and the rest are packed into uncompressed tar layers whose per-file offsets are recorded (in
// `files` for the evidence, and in the config blob under "attestfs.packedFiles") so ranged reads
// still work. Reading a pushed model's layout back (ParseModelLayout) is model_layout.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "oci/descriptor.h"
#include "oci/model_layout.h"
#include "oci/tar_layout.h"

namespace attestfs::oci {

inline constexpr size_t kMaxRawLayerFiles = 1000;
// Packed tar layers hold at most this many bytes / files each.
inline constexpr uint64_t kMaxPackedLayerBytes = 256ull << 20;
inline constexpr size_t kMaxPackedLayerFiles = 10000;

enum class FileRole { kWeight, kWeightConfig, kDoc, kCode, kDataset };

// By name/extension: *.safetensors/.bin/.gguf/... weights; config.json, tokenizer files and
// other .json/.yaml/.txt vocab -> weight.config; README/LICENSE/*.md -> doc; scripts -> code;
// .csv/.parquet/.jsonl/.arrow -> dataset.
FileRole ClassifyModelFile(std::string_view path);
// application/vnd.cncf.model.<kind>.v1.<raw|tar>
std::string ModelLayerMediaType(FileRole role, bool tar);

struct ModelLayer {
  Descriptor descriptor;
  std::vector<std::string> paths;  // raw: one path; tar: members in order
  TarPlan tar;                     // tar layers only
};

struct ModelArtifact {
  std::string root_dir;
  std::string manifest_bytes;
  Descriptor manifest;
  std::string config_bytes;
  Descriptor config;
  std::vector<ModelLayer> layers;
  std::vector<ModelFileLocation> files;  // every file of the FileManifest, manifest order

  ModelLayout Layout() const;
};

struct ModelBuildOptions {
  std::string name;          // descriptor.name in the config (default: directory name)
  int64_t created_unix = 0;  // descriptor.createdAt / org.opencontainers.image.created
  size_t max_raw_layers = kMaxRawLayerFiles;
  Annotations annotations;  // extra manifest annotations
};

// Builds the artifact for `dir` as described by `files` (paths, sizes, SHA-256). Packed tar
// layers are hashed from disk here, and each packed file is checked against its FileManifest
// digest on the way (kVerificationFailed if the directory changed since it was attested).
Result<ModelArtifact> BuildModelArtifact(const std::string& dir,
                                         const attestation::FileManifest& files,
                                         const ModelBuildOptions& options);

}  // namespace attestfs::oci

// ModelArtifact: a model directory as a CNCF ModelPack OCI artifact (artifactType
// application/vnd.cncf.model.manifest.v1+json, config application/vnd.cncf.model.config.v1+json).
// Up to kMaxRawLayerFiles files: one raw layer per file, so a layer digest IS the file's SHA-256
// (taken from the attested FileManifest, not re-read). Beyond that, the largest files stay raw
// and the rest are packed into uncompressed tar layers whose per-file offsets are recorded (in
// `files` for the evidence, and in the config blob under "attestfs.packedFiles") so ranged reads
// still work. Also ModelLayout: path -> (layer, offset) for reading a pushed model.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "oci/descriptor.h"
#include "oci/tar_layout.h"

namespace attestfs::oci {

inline constexpr size_t kMaxRawLayerFiles = 1000;
// Packed tar layers hold at most this many bytes / files each.
inline constexpr uint64_t kMaxPackedLayerBytes = 256ull << 20;
inline constexpr size_t kMaxPackedLayerFiles = 10000;
// A model config blob is read up to this size (it lists packed files).
inline constexpr uint64_t kMaxModelConfigBytes = 64ull << 20;
inline constexpr std::string_view kPackedFilesKey = "attestfs.packedFiles";

enum class FileRole { kWeight, kWeightConfig, kDoc, kCode, kDataset };

// By name/extension: *.safetensors/.bin/.gguf/... weights; config.json, tokenizer files and
// other .json/.yaml/.txt vocab -> weight.config; README/LICENSE/*.md -> doc; scripts -> code;
// .csv/.parquet/.jsonl/.arrow -> dataset.
FileRole ClassifyModelFile(std::string_view path);
// application/vnd.cncf.model.<kind>.v1.<raw|tar>
std::string ModelLayerMediaType(FileRole role, bool tar);

// Where one file's bytes live inside the artifact.
struct ModelFileLocation {
  std::string path;
  digest::Digest layer;  // layer blob digest
  uint64_t offset = 0;   // offset of the file content inside the layer
  uint64_t size = 0;
  bool packed = false;  // inside a tar layer
};

// path -> location, built from a manifest + config (LoadModelLayout) or from a ModelArtifact.
using ModelLayout = std::map<std::string, ModelFileLocation>;

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

// True for a ModelPack manifest (artifactType, or config media type when artifactType is absent).
bool IsModelManifest(std::string_view manifest_json);

// The one-to-one check behind `bom --oci` and `verify REF`: the layout holds exactly the files of
// `files` (same paths), sizes agree, and every raw layer's digest is the file's SHA-256. Packed
// files are checked by size here; their bytes are checked when read (chunk digests) or pulled.
// kVerificationFailed names the first few differences.
Status CheckLayoutMatchesFiles(const ModelLayout& layout, const attestation::FileManifest& files);

// Reads the layout from a manifest and its config blob bytes.
Result<ModelLayout> ParseModelLayout(std::string_view manifest_json, std::string_view config_json);

}  // namespace attestfs::oci

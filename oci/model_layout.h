// ModelLayout: where each file of a pushed ModelPack model lives — path -> (layer, offset,
// size) — read from an untrusted manifest and config blob (ParseModelLayout), and the checks
// that tie it to the attested file list: every layer holds a listed file (ParseModelLayout) and
// the list matches the files one to one (CheckLayoutMatchesFiles). Building an artifact for push
// is model_artifact.h; checking tar members of packed layers is packed_layer_check.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::oci {

// A model config blob is read up to this size (it lists packed files).
inline constexpr uint64_t kMaxModelConfigBytes = 64ull << 20;
// The config key under which packed files' layers and offsets are listed.
inline constexpr std::string_view kPackedFilesKey = "attestfs.packedFiles";

// Where one file's bytes live inside the artifact.
struct ModelFileLocation {
  std::string path;
  digest::Digest layer;  // layer blob digest
  uint64_t offset = 0;   // offset of the file content inside the layer
  uint64_t size = 0;
  bool packed = false;  // inside a tar layer
};

// path -> location, built from a manifest + config (ParseModelLayout) or from a ModelArtifact.
using ModelLayout = std::map<std::string, ModelFileLocation>;

// True for a ModelPack manifest (artifactType, or config media type when artifactType is absent).
bool IsModelManifest(std::string_view manifest_json);

// Reads the layout from a manifest and its config blob bytes (both untrusted): raw layers by
// their file path annotation, packed files from the config, each path validated and listed once,
// each packed file inside one of the manifest's layers, and every layer holding a listed file
// (kVerificationFailed otherwise: a layer no file list covers).
Result<ModelLayout> ParseModelLayout(std::string_view manifest_json, std::string_view config_json);

// The one-to-one check behind `bom --oci` and `verify REF`: the layout holds exactly the files of
// `files` (same paths), sizes agree, and every raw layer's digest is the file's SHA-256. Packed
// files are checked by size here; their bytes are checked when read (chunk digests) or pulled.
// kVerificationFailed names the first few differences.
Status CheckLayoutMatchesFiles(const ModelLayout& layout, const attestation::FileManifest& files);

}  // namespace attestfs::oci

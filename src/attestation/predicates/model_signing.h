// OpenSSF model-signing v1.0 predicate (https://model_signing/signature/v1.0) codec.
// We write the "files" serialization (one sha256 per file) plus an "attestfs" extension
// field (sizes, executable bits, symlinks, chunk index, patterns) that v1.0 verifiers ignore.
// We read both "files" and "shards" serializations made by other tools.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"

namespace attestfs::attestation::predicates {

struct ModelSigningResource {
  std::string name;       // "path" (files; "." alone for a single-file model) or "path:start:end"
  std::string algorithm;  // "sha256" or "sha256-sharded-<N>"
  std::string digest_hex;
};

struct ModelSigningPredicate {
  std::string method = "files";  // "files" | "shards"
  std::string hash_type = "sha256";
  bool allow_symlinks = false;
  uint64_t shard_size = 0;  // shards only
  std::vector<std::string> ignore_paths;
  std::vector<ModelSigningResource> resources;
  // Present when written by attestfs: the full manifest from the extension field.
  std::optional<FileManifest> manifest;

  // True when the model is one file: the only resource is named ".".
  bool IsSingleFile() const { return resources.size() == 1 && resources[0].name == "."; }
  // The v1.0 subject digest over resources in order.
  Result<digest::Digest> SubjectDigest() const;
};

// Serializes the predicate for a manifest (files method, sha256, extension included).
std::string BuildModelSigningPredicate(const FileManifest& manifest);
// Parses untrusted predicate JSON; checks method/hash_type/resources shape.
Result<ModelSigningPredicate> ParseModelSigningPredicate(std::string_view json);

}  // namespace attestfs::attestation::predicates

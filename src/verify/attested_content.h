// AttestedContent: what a verified statement says the target contains, decoded from a
// CycloneDX ML-BOM, an attestfs model-signing predicate (full manifest via its extension), or
// a foreign model-signing v1.0 predicate (files: digests only; shards: per-range digests), or
// model_signing's older Digests/v0.1 statement (one subject per file: digests only).
// Also checks that the statement's subject digest matches the file list it carries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "attestation/statement.h"
#include "base/result.h"

namespace attestfs::verify {

struct AttestedShard {
  std::string path;
  uint64_t start = 0, end = 0;  // [start, end)
  std::string digest_hex;
};

struct AttestedContent {
  enum class Detail { kFull, kDigestsOnly, kShards };
  Detail detail = Detail::kFull;
  attestation::FileManifest manifest;  // kFull: everything; kDigestsOnly: path + sha256
  std::vector<AttestedShard> shards;   // kShards only
  std::vector<std::string> ignore_paths;
  std::string subject_digest;       // "sha256:<hex>" the content hashes to (empty for v0.1)
  bool subjects_are_files = false;  // Digests/v0.1: the subjects name files, not an artifact
  bool single_file = false;  // the model is one file: manifest.files[0].path is "." (any name)
  std::vector<std::string> licenses;  // from a CycloneDX BOM
};

// True for predicate types that describe file content (CycloneDX, model-signing).
bool IsContentPredicate(const std::string& predicate_type);

// Decodes the predicate and checks a subject carries the matching sha256.
Result<AttestedContent> ContentFromStatement(const attestation::Statement& statement);

}  // namespace attestfs::verify

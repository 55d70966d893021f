// FileManifest: the attested content of a target — every file's path, size, SHA-256,
// executable bit, symlink target and (for files larger than one chunk) its chunk index.
// This is the format-neutral model that the CycloneDX and model-signing predicates encode,
// that `verify` compares, and that the mount serves from. It does no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::attestation {

constexpr uint64_t kDefaultChunkSize = 4ull << 20;  // 4 MiB, as eStargz/SOCI
constexpr uint64_t kMinChunkSize = 64ull << 10;
constexpr uint64_t kMaxChunkSize = 1ull << 30;

struct FileEntry {
  enum class Type { kRegular, kSymlink };
  std::string path;  // POSIX path relative to the target root, validated
  Type type = Type::kRegular;
  uint64_t size = 0;       // for a symlink: the size of the file it points to
  digest::Digest sha256;   // for a symlink: the digest of the file it points to (as model-signing)
  bool executable = false;
  std::string link_target;             // symlinks only, as read by readlink
  std::vector<digest::Digest> chunks;  // empty when size <= chunk_size; else ceil(size/chunk_size)
};

struct FileManifest {
  uint64_t chunk_size = kDefaultChunkSize;
  std::vector<FileEntry> files;  // kept in model-signing order (see PathLess)
  std::vector<std::string> include_patterns;
  std::vector<std::string> exclude_patterns;
  std::vector<std::string> excluded;  // paths present but left out by the patterns

  // Sorts files by PathLess.
  void Sort();
  // model-signing v1.0 subject digest: SHA-256 over the concatenated raw file digests in order.
  digest::Digest SubjectDigest() const;
  const FileEntry* Find(std::string_view path) const;
  // Checks paths (ValidateRelativePath), no duplicates, chunk counts consistent with sizes.
  Status Validate() const;
};

// Python PurePosixPath ordering: component by component, then shorter first.
bool PathLess(std::string_view a, std::string_view b);

// Rejects absolute paths, "." / ".." / empty components, backslashes, control characters.
Status ValidateRelativePath(std::string_view path);

uint64_t ChunkCount(uint64_t size, uint64_t chunk_size);

// Compact chunk index: base64 of the concatenated raw 32-byte digests.
std::string EncodeChunks(const std::vector<digest::Digest>& chunks);
Result<std::vector<digest::Digest>> DecodeChunks(std::string_view base64);

}  // namespace attestfs::attestation

// DiskChunkCache: the verified on-disk chunk cache for remote sources (`-o cache=DIR`).
// The directory is root-only (0700, owned by the daemon's euid). Only bytes that already
// matched their signed digest are Put; entries are written temp+fsync+rename keyed by the
// chunk digest, and every Get re-hashes the entry, so a corrupted entry is a miss (and is
// removed), never served.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::content {

class DiskChunkCache {
 public:
  // Creates `dir` (mode 0700) if missing; refuses a directory that is a symlink, is not owned
  // by the effective uid, or is accessible by group/others.
  static Result<std::unique_ptr<DiskChunkCache>> Open(const std::string& dir);

  // The verified bytes of the chunk, or nullopt on a miss or a corrupted entry.
  std::optional<std::string> Get(const digest::Digest& chunk, uint64_t expected_size);
  // Stores bytes the caller has ALREADY verified against `chunk`. Existing entries are kept.
  Status Put(const digest::Digest& chunk, std::string_view verified_bytes);

  const std::string& dir() const { return dir_; }
  std::string EntryPath(const digest::Digest& chunk) const;

 private:
  explicit DiskChunkCache(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace attestfs::content

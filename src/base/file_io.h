// Whole-file and ranged reads with explicit size limits, and atomic writes
// (temp file in the same directory, fsync, rename, fsync dir): a crash leaves
// either the old file or the complete new one, never a partial file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs {

// Reads a whole file, refusing files larger than max_bytes (kTooLarge names the limit).
Result<std::string> ReadFileLimited(const std::string& path, uint64_t max_bytes);

// Reads exactly `length` bytes at `offset` (short files give kIo).
Result<std::string> ReadRange(int fd, uint64_t offset, uint64_t length);

// Writes `data` to `path` atomically with the given mode.
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644);

// mkdir -p with the given mode for directories created.
Status MakeDirs(const std::string& path, unsigned mode = 0755);

// A directory that only we may use (caches of verified bytes): a real directory (not a
// symlink), owned by the effective uid, no group/other permissions. kUnsafePath / kPermission.
Status CheckPrivateDirectory(const std::string& dir);

}  // namespace attestfs

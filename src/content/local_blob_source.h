// LocalBlobSource: a BlobSource over a local directory. Paths are resolved one component at a
// time with openat(O_NOFOLLOW), so a symlink or ".." anywhere in the path is refused
// (kUnsafePath) and nothing outside the root can be read. The file itself is opened without
// blocking and must be a regular file (a FIFO or device node is kUnsafePath, not a hang).
// Bytes are NOT verified here.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "content/blob_source.h"

namespace attestfs::content {

class LocalBlobSource final : public BlobSource {
 public:
  // Opens `root_dir` (which itself may be reached through symlinks: it is the trusted root).
  static Result<std::unique_ptr<LocalBlobSource>> Open(const std::string& root_dir);

  Result<std::string> ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                uint64_t length) override;
  // preads straight into `*out` (no zero-fill when it already has `length` bytes).
  Status ReadRangeInto(const attestation::FileEntry& file, uint64_t offset, uint64_t length,
                       std::string* out) override;

  // Opens `relative_path` below the root for reading, refusing symlinks and escapes.
  Result<UniqueFd> OpenFile(const std::string& relative_path) const;

 private:
  explicit LocalBlobSource(UniqueFd root) : root_(std::move(root)) {}
  UniqueFd root_;  // O_PATH|O_DIRECTORY fd of the root directory
};

}  // namespace attestfs::content

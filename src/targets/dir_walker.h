// DirWalker: lists what a scan will hash under a root directory — regular files and symlinks
// resolved inside the root — and refuses what it must not attest (devices, FIFOs, sockets,
// symlinks leaving the root, unsafe names, names and symlink targets that are not UTF-8). It
// reads no file content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "targets/file_stamp.h"
#include "targets/path_filter.h"

namespace attestfs::targets {

constexpr size_t kMaxWalkDepth = 256;          // nested directories below the root
constexpr size_t kMaxWalkEntries = 16u << 20;  // files + excluded paths in one target

// One file to hash. For a symlink, read_path is the resolved file inside the root.
struct WalkEntry {
  std::string path;       // relative to the root, validated
  std::string read_path;  // absolute path to open (O_NOFOLLOW)
  attestation::FileEntry::Type type = attestation::FileEntry::Type::kRegular;
  uint64_t size = 0;
  bool executable = false;
  std::string link_target;  // symlinks only (readlink)
  FileStamp stamp;          // of the file read_path names, as the walk saw it
};

struct WalkResult {
  std::vector<WalkEntry> entries;
  std::vector<std::string> excluded;
};

class DirWalker {
 public:
  // root must be an absolute, symlink-free path (realpath).
  DirWalker(std::string root, const PathFilter& filter) : root_(std::move(root)), filter_(filter) {}

  // Recursively lists everything under the root.
  Result<WalkResult> Walk() const;

  // Classifies one path relative to the root (used for git's tracked-file list). Every parent
  // directory must be a real directory inside the root (no symlinked parents).
  Result<WalkEntry> Inspect(const std::string& rel) const;

 private:
  Status WalkDir(const std::string& rel_dir, size_t depth, WalkResult& out) const;
  Result<WalkEntry> Classify(const std::string& rel, const struct stat& st) const;
  Result<WalkEntry> ResolveSymlink(const std::string& rel) const;

  std::string root_;
  const PathFilter& filter_;
};

}  // namespace attestfs::targets

// Scanner: walks a dir/file/git target and builds its FileManifest — streaming SHA-256 of
// every file, parallel across files and across chunks of large files, bounded memory.
// Refuses symlinks leaving the tree, devices, FIFOs and sockets, unsafe names.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/progress_sink.h"
#include "base/result.h"
#include "base/temp_dir.h"
#include "targets/target_spec.h"

namespace attestfs::targets {

// A regular file the walk found, before it is hashed (ScanOptions::on_walked).
struct WalkedFile {
  std::string path;  // relative to the root
  uint64_t size = 0;
};

struct ScanOptions {
  uint64_t chunk_size = attestation::kDefaultChunkSize;
  std::vector<std::string>
      include;  // globs over relative paths ('*' within a component, '**' across)
  std::vector<std::string> exclude;
  bool compute_chunks = true;  // false for verify: file digests alone decide equality
  unsigned threads = 0;        // 0 = hardware concurrency
  // Paths never recorded (model-signing's defaults): .git/, .gitattributes, .github/, .gitignore
  bool skip_vcs_files = true;
  // Bytes hashed are reported here (not owned; may be null).
  ProgressSink* progress = nullptr;
  // dir: and file: targets: called once the walk is done and before any file is hashed, with
  // the root and the regular files found (push starts uploading large files here, so the upload
  // overlaps the hashing). Not called for git: targets.
  std::function<void(const std::string& root, const std::vector<WalkedFile>& files)> on_walked;
};

struct GitInfo {
  std::string commit;      // HEAD commit id (hex)
  std::string remote_url;  // origin URL, may be empty
  std::string repo_root;   // absolute path of the work tree
  std::vector<std::string>
      uncommitted;  // tracked files changed vs HEAD, and untracked ones ignored
  std::vector<std::string> lfs_missing;  // Git LFS pointer files whose content is absent
};

struct ScannedTarget {
  TargetSpec spec;
  std::string root;          // absolute directory the manifest paths are relative to
  std::string default_name;  // the subject name: absolute path, or git remote + path
  attestation::FileManifest manifest;
  std::optional<GitInfo> git;
  bool is_single_file = false;
  // Set when git:URL was cloned into a temp dir: removed with the last copy of this target.
  std::shared_ptr<TempDir> temp_clone;
};

Result<ScannedTarget> ScanTarget(const TargetSpec& spec, const ScanOptions& options);

// Hashes [offset, offset+length) of a file (model-signing shard verification).
Result<digest::Digest> HashFileRange(const std::string& path, uint64_t offset, uint64_t length);

// Glob match used by --include/--exclude: the base Glob dialect (base/glob.h) plus the
// path-filter rules (subtree, any component, trailing '/', leading '/'; see glob_match.cc).
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace attestfs::targets

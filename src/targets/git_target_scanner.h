// ScanGitTarget: git:PATH (a local work tree, or a subdirectory of one) and git:URL or the path
// of a bare repository (cloned first into a temp dir recorded in ScannedTarget.temp_clone). Hashes
// the work-tree content of the tracked files only, records HEAD, reports uncommitted changes and
// absent Git LFS content.
#pragma once

#include "base/result.h"
#include "targets/scanner.h"

namespace attestfs::targets {

// Git LFS pointer files are small text files (the spec caps them at 1024 bytes).
constexpr uint64_t kMaxLfsPointerSize = 1024;
inline constexpr std::string_view kLfsPointerPrefix = "version https://git-lfs.github.com/spec/v1";

Result<ScannedTarget> ScanGitTarget(const TargetSpec& spec, const ScanOptions& options);

}  // namespace attestfs::targets

// BuildManifest: hashes the files a walk found and assembles the sorted FileManifest
// (patterns, excluded paths, chunk size). Shared by the dir, file and git scanners.
#pragma once

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "targets/dir_walker.h"
#include "targets/scanner.h"

namespace attestfs::targets {

// Checks a ScanOptions chunk size against the manifest limits.
Status CheckScanOptions(const ScanOptions& options);

Result<attestation::FileManifest> BuildManifest(WalkResult walk, const ScanOptions& options);

}  // namespace attestfs::targets

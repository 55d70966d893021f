// Compares attested content with a freshly scanned target, file by file: one Difference per
// changed, added or removed path (sorted by path), as `verify` prints them.
#pragma once

#include <string>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "verify/attested_content.h"

namespace attestfs::verify {

struct Difference {
  enum class Kind { kChanged, kAdded, kRemoved };
  Kind kind = Kind::kChanged;
  std::string path;
  std::string detail;  // e.g. "sha256 mismatch", "executable bit", "symlink target"
  std::string Line() const;  // "changed PATH (detail)" / "added PATH" / "removed PATH"
};

// `root` is the scanned target's directory (needed only to hash shards of foreign evidence).
Result<std::vector<Difference>> CompareContent(const AttestedContent& expected,
                                               const attestation::FileManifest& actual,
                                               const std::string& root);

}  // namespace attestfs::verify

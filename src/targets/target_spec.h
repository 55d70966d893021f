// TargetSpec: a parsed TARGET argument — dir:PATH, file:PATH, git:PATH|URL, registry:REF,
// oci-layout:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, or a bare argument: an existing
// path (a directory means dir:, a regular file means file:), else a registry reference when its
// first component names a host (has '.' or ':' or is localhost).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::targets {

struct TargetSpec {
  enum class Kind { kDir, kFile, kGit, kRegistry, kOciLayout, kOciArchive, kDockerArchive };
  Kind kind = Kind::kDir;
  std::string location;          // path (as given) or URL / reference
  std::string ToString() const;  // "dir:/abs/path" etc.
};

// kUsage on an unknown scheme or a bare argument that is not an existing path.
Result<TargetSpec> ParseTarget(std::string_view arg);

}  // namespace attestfs::targets

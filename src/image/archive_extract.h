// Extraction of an image archive (oci-archive or docker-archive tarball) into a private temp
// directory. Members are stored under numbered names (never under their archive path), so no
// member can write outside the directory; symlinks are only recorded and resolved by lookup
// inside the archive. Only regular files, directories and symlinks are accepted.
#pragma once

#include <map>
#include <string>

#include "base/result.h"

namespace attestfs::image {

struct ExtractedArchive {
  std::map<std::string, std::string> files;     // normalised member path -> extracted file
  std::map<std::string, std::string> symlinks;  // normalised member path -> link target
};

// Reads `archive` (tar; gzip/zstd-compressed tars too) and writes every regular member to
// `dest_dir` (which must exist). kUnsafePath for '..' members, kTooLarge over kMaxArchiveEntries.
Result<ExtractedArchive> ExtractArchive(const std::string& archive, const std::string& dest_dir);

// The extracted file behind member `path`, following archive-internal symlinks (8 hops at most;
// a link may not leave the archive root). kNotFound when absent.
Result<std::string> ResolveMember(const ExtractedArchive& a, const std::string& path);

}  // namespace attestfs::image

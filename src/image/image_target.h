// ImageTarget: a container image named on the command line — registry:REF,
// oci-layout:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG|@DIGEST] or docker-archive:FILE.
// Parsing only; OpenImage (opened_image.h) does the I/O.
#pragma once

#include <string>

#include "base/result.h"

namespace attestfs::image {

struct ImageTarget {
  enum class Kind { kRegistry, kOciLayout, kOciArchive, kDockerArchive };
  Kind kind = Kind::kOciLayout;
  std::string location;  // registry reference, directory or archive file
  std::string tag;       // oci-layout / oci-archive: tag (ref.name) or "sha256:<hex>"; may be empty

  // The canonical text form, parseable by ParseImageTarget.
  std::string ToString() const;
};

// True when `arg` starts with one of the four image prefixes.
bool LooksLikeImageTarget(const std::string& arg);

// A default in-toto subject name: the repository (registry/name) for registry images, else the
// file or directory name plus ":TAG" when a tag was given.
std::string DefaultSubjectName(const ImageTarget& target);

// kInvalidArgument for an unknown prefix, an empty location or an invalid reference/tag.
Result<ImageTarget> ParseImageTarget(const std::string& arg);

}  // namespace attestfs::image

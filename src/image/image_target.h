// ImageTarget: a container image named on the command line — registry:REF,
// oci-layout:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG|@DIGEST] or docker-archive:FILE.
// A view of a parsed TARGET (targets::TargetSpec), not a second grammar. Parsing only;
// OpenImage (opened_image.h) does the I/O.
#pragma once

#include <string>

#include "base/result.h"
#include "targets/target_spec.h"

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

// The image view of a parsed TARGET (targets::ParseTarget): the local tag or digest split off.
// kInvalidArgument for a kind that is not an image, an empty location or an invalid reference.
Result<ImageTarget> ImageTargetFromSpec(const targets::TargetSpec& spec);

// targets::ParseTarget + ImageTargetFromSpec; kInvalidArgument as above.
Result<ImageTarget> ParseImageTarget(const std::string& arg);

}  // namespace attestfs::image

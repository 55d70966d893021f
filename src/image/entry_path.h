// Normalisation of member names read from tar streams (image layers and image archives):
// "./a//b/" -> "a/b", "/etc/x" -> "etc/x"; ".." components are refused (kUnsafePath).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::image {

// Returns the normalised relative path ("" is the root itself).
Result<std::string> NormalizeEntryPath(std::string_view raw);

// Directory part and last component of a normalised path ("a/b/c" -> "a/b", "c").
std::string_view ParentOf(std::string_view path);
std::string_view BaseName(std::string_view path);

// Resolves symlink `target` found at normalised `link_path` lexically ("a/b" + "../c" -> "c").
// kUnsafePath when the result would leave the root.
Result<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target);

}  // namespace attestfs::image

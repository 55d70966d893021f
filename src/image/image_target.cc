// ImageTarget parsing: prefix, location and the optional tag/digest suffix of local images.
#include "image/image_target.h"

#include <array>
#include <string_view>
#include <utility>

#include "digest/digest.h"
#include "oci/reference.h"
#include "targets/target_spec.h"

namespace attestfs::image {
namespace {

constexpr std::array<std::pair<std::string_view, ImageTarget::Kind>, 4> kPrefixes = {{
    {"registry:", ImageTarget::Kind::kRegistry},
    {"oci-layout:", ImageTarget::Kind::kOciLayout},
    {"oci-archive:", ImageTarget::Kind::kOciArchive},
    {"docker-archive:", ImageTarget::Kind::kDockerArchive},
}};

std::string_view PrefixOf(ImageTarget::Kind k) {
  for (const auto& [p, kind] : kPrefixes)
    if (kind == k) return p;
  return "";
}

// Splits "PATH[:TAG]" or "PATH@sha256:HEX". A suffix is a tag only when it is a valid tag
// (so "dir/with:colon/x" stays a path).
Result<std::pair<std::string, std::string>> SplitLocal(const std::string& rest) {
  if (size_t at = rest.rfind("@sha256:"); at != std::string::npos) {
    std::string dg = rest.substr(at + 1);
    if (auto d = digest::Digest::Parse(dg); !d.ok())
      return Error(Errc::kInvalidArgument, "image digest '" + dg + "': " + d.error().message());
    return std::make_pair(rest.substr(0, at), dg);
  }
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::make_pair(rest, std::string());
  std::string suffix = rest.substr(colon + 1);
  if (suffix.find('/') != std::string::npos || !oci::IsValidTag(suffix))
    return std::make_pair(rest, std::string());
  return std::make_pair(rest.substr(0, colon), suffix);
}

Error NotAnImageTarget(const std::string& text) {
  return Error(Errc::kInvalidArgument,
               "'" + text +
                   "' is not an image target (registry:, oci-layout:, oci-archive:, "
                   "docker-archive:)");
}

}  // namespace

std::string ImageTarget::ToString() const {
  std::string out = std::string(PrefixOf(kind)) + location;
  if (!tag.empty()) out += (tag.rfind("sha256:", 0) == 0 ? "@" : ":") + tag;
  return out;
}

std::string DefaultSubjectName(const ImageTarget& target) {
  if (target.kind == ImageTarget::Kind::kRegistry) {
    auto ref = oci::Reference::Parse(target.location);
    return ref.ok() ? ref->RepositoryName() : target.location;
  }
  std::string loc = target.location;
  while (loc.size() > 1 && loc.back() == '/') loc.pop_back();
  size_t slash = loc.rfind('/');
  std::string base = slash == std::string::npos ? loc : loc.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") base = "image";
  return target.tag.empty() || target.tag.rfind("sha256:", 0) == 0 ? base : base + ":" + target.tag;
}

bool LooksLikeImageTarget(const std::string& arg) {
  for (const auto& [p, kind] : kPrefixes)
    if (arg.rfind(p, 0) == 0) return true;
  return false;
}

Result<ImageTarget> ImageTargetFromSpec(const targets::TargetSpec& spec) {
  using TK = targets::TargetSpec::Kind;
  const std::string text = spec.ToString();
  if (spec.location.empty())
    return Error(Errc::kInvalidArgument, "image target '" + text + "' is empty");
  ImageTarget t;
  t.location = spec.location;
  switch (spec.kind) {
    case TK::kRegistry: {
      t.kind = ImageTarget::Kind::kRegistry;
      auto ref = oci::Reference::Parse(spec.location);
      if (!ref.ok()) return ref.error().Context("image target '" + text + "'");
      break;
    }
    case TK::kOciLayout:
    case TK::kOciArchive: {
      t.kind = spec.kind == TK::kOciLayout ? ImageTarget::Kind::kOciLayout
                                           : ImageTarget::Kind::kOciArchive;
      AFS_ASSIGN_OR_RETURN(auto split, SplitLocal(spec.location));
      t.location = std::move(split.first);
      t.tag = std::move(split.second);
      break;
    }
    case TK::kDockerArchive:
      t.kind = ImageTarget::Kind::kDockerArchive;
      break;
    default:
      return NotAnImageTarget(text);
  }
  if (t.location.empty())
    return Error(Errc::kInvalidArgument, "image target '" + text + "' has no location");
  return t;
}

Result<ImageTarget> ParseImageTarget(const std::string& arg) {
  if (!LooksLikeImageTarget(arg)) return NotAnImageTarget(arg);
  // The one TARGET grammar (targets::ParseTarget) splits scheme and location.
  auto spec = targets::ParseTarget(arg);
  if (!spec.ok()) return Error(Errc::kInvalidArgument, spec.error().message());
  return ImageTargetFromSpec(*spec);
}

}  // namespace attestfs::image

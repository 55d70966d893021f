// NormalizeEntryPath and path helpers for tar member names.
#include "image/entry_path.h"

#include "image/image_limits.h"

namespace attestfs::image {

Result<std::string> NormalizeEntryPath(std::string_view raw) {
  if (raw.size() > kMaxEntryPathBytes) {
    return Error(Errc::kTooLarge, "entry path of " + std::to_string(raw.size()) +
                                      " bytes is over the limit of " +
                                      std::to_string(kMaxEntryPathBytes));
  }
  if (raw.find('\0') != std::string_view::npos)
    return Error(Errc::kUnsafePath, "entry path contains a NUL byte");
  std::string out;
  size_t i = 0;
  while (i <= raw.size()) {
    size_t j = raw.find('/', i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view comp = raw.substr(i, j - i);
    i = j + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") {
      return Error(Errc::kUnsafePath,
                   "entry '" + std::string(raw) + "' escapes the root with '..'");
    }
    if (!out.empty()) out += '/';
    out.append(comp);
  }
  return out;
}

std::string_view ParentOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

Result<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/'
                           ? std::string(target)
                           : std::string(ParentOf(link_path)) + "/" + std::string(target);
  std::string out;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t j = joined.find('/', i);
    if (j == std::string::npos) j = joined.size();
    std::string_view comp = std::string_view(joined).substr(i, j - i);
    i = j + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") {
      if (out.empty()) {
        return Error(Errc::kUnsafePath, "link '" + std::string(link_path) + "' -> '" +
                                            std::string(target) + "' leaves the root");
      }
      out.resize(std::string_view(out).rfind('/') == std::string_view::npos
                     ? 0
                     : std::string_view(out).rfind('/'));
      continue;
    }
    if (!out.empty()) out += '/';
    out.append(comp);
  }
  return out;
}

}  // namespace attestfs::image

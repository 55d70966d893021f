// Policy globs over base Glob's text variant; strings with NUL bytes never match.
#include "policy/glob.h"

#include "base/glob.h"

namespace attestfs::policy {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  return attestfs::GlobMatch(pattern, text, kTextGlob);
}

bool PathGlobMatch(std::string_view pattern, std::string_view path) {
  if (pattern.find('/') != std::string_view::npos) return GlobMatch(pattern, path);
  const size_t slash = path.rfind('/');
  return GlobMatch(pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool AnyGlobMatches(const std::vector<std::string>& patterns, std::string_view text, bool paths) {
  for (const auto& p : patterns) {
    if (paths ? PathGlobMatch(p, text) : GlobMatch(p, text)) return true;
  }
  return false;
}

}  // namespace attestfs::policy

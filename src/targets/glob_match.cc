// GlobMatch: where an --include/--exclude pattern applies to a relative POSIX path. The pattern
// itself is the base Glob dialect (base/glob.h: '*', '?' and '[...]' within a component, '**'
// across, '\' escapes); this file adds the path-filter rules: a pattern also matches every path
// below a directory it matches; a pattern without '/' matches any run of components starting at
// any component (so '*.bin' matches 'a/b.bin' and '__pycache__' matches 'x/__pycache__/y.pyc');
// a trailing '/' matches directories only; a leading '/' anchors the pattern at the root.
#include <string_view>

#include "base/glob.h"
#include "targets/scanner.h"

namespace attestfs::targets {

bool GlobMatch(std::string_view pattern, std::string_view path) {
  bool dir_only = false;
  while (pattern.size() > 1 && pattern.back() == '/') {
    pattern.remove_suffix(1);
    dir_only = true;
  }
  bool anchored = false;
  while (!pattern.empty() && pattern.front() == '/') {
    pattern.remove_prefix(1);
    anchored = true;
  }
  if (pattern.empty()) return false;
  const bool any_start = !anchored && pattern.find('/') == std::string_view::npos;
  return Glob(pattern, kPathGlob).MatchesSegments(path, any_start, dir_only);
}

}  // namespace attestfs::targets

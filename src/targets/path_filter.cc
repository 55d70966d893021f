// PathFilter: include/exclude globs plus model-signing's VCS ignore paths.
#include "targets/path_filter.h"

#include "targets/scanner.h"

namespace attestfs::targets {
namespace {

// model-signing (hashing.py) ignores these relative to the model root only.
bool IsVcsPath(std::string_view rel) {
  std::string_view first = rel.substr(0, rel.find('/'));
  bool is_dir_entry = first.size() < rel.size();
  if (first == ".git" || first == ".github") return true;
  return !is_dir_entry && (first == ".gitattributes" || first == ".gitignore");
}

}  // namespace

bool PathFilter::SkipDirectory(std::string_view rel_dir) const {
  return skip_vcs_ && (rel_dir == ".git" || rel_dir == ".github");
}

PathFilter::Decision PathFilter::Check(std::string_view rel_path) const {
  if (skip_vcs_ && IsVcsPath(rel_path)) return Decision::kSkipped;
  if (!include_.empty()) {
    bool any = false;
    for (const auto& p : include_) {
      if (GlobMatch(p, rel_path)) {
        any = true;
        break;
      }
    }
    if (!any) return Decision::kExcluded;
  }
  for (const auto& p : exclude_) {
    if (GlobMatch(p, rel_path)) return Decision::kExcluded;
  }
  return Decision::kKeep;
}

}  // namespace attestfs::targets

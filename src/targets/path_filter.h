// PathFilter: decides, for a path relative to the target root, whether the scan records it,
// leaves it out as excluded (--include/--exclude, see GlobMatch), or skips it silently
// (model-signing's default ignore paths at the root: .git/, .gitattributes, .github/, .gitignore).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace attestfs::targets {

class PathFilter {
 public:
  enum class Decision { kKeep, kExcluded, kSkipped };

  PathFilter(std::vector<std::string> include, std::vector<std::string> exclude,
             bool skip_vcs_files)
      : include_(std::move(include)), exclude_(std::move(exclude)), skip_vcs_(skip_vcs_files) {}

  // A directory that is skipped is not descended into.
  bool SkipDirectory(std::string_view rel_dir) const;
  Decision Check(std::string_view rel_path) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
  bool skip_vcs_;
};

}  // namespace attestfs::targets

// GitRepo: the little of a git work tree a scan needs — HEAD commit, remote URL, tracked paths
// and paths changed vs HEAD — over libgit2 (which stays in git_repo.cc), plus git:URL cloning.
// It reads no file content for the manifest; the scanner hashes the work tree itself.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::targets {

class GitRepo {
 public:
  // Opens the repository whose work tree contains `path` (a work-tree root or a subdirectory).
  static Result<GitRepo> Open(const std::string& path);
  // True when `path` itself is a bare repository (no work tree: scan it through a clone).
  static bool IsBare(const std::string& path);
  // Clones `url` (https://, ssh, file:// or a local path) into the empty directory `dest`.
  static Result<GitRepo> Clone(const std::string& url, const std::string& dest);

  GitRepo(GitRepo&&) noexcept;
  GitRepo& operator=(GitRepo&&) noexcept;
  ~GitRepo();

  // Absolute, symlink-free work tree root without a trailing '/'.
  const std::string& WorkDir() const { return workdir_; }
  // HEAD commit id in hex; empty when HEAD is unborn (no commit yet).
  Result<std::string> HeadCommit() const;
  // The "origin" remote's URL, else the first remote's, else "".
  Result<std::string> RemoteUrl() const;
  // Tracked (index) file paths relative to the work tree, below `prefix` ("" = all, else a
  // directory path without trailing '/'); submodule entries are left out.
  Result<std::vector<std::string>> TrackedFiles(std::string_view prefix) const;
  // Tracked paths whose index or work-tree state differs from HEAD (modified, staged, deleted,
  // renamed, type-changed, conflicted), below `prefix`, sorted. Untracked files are not listed.
  Result<std::vector<std::string>> ChangedFiles(std::string_view prefix) const;

 private:
  struct Impl;
  explicit GitRepo(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string workdir_;
};

// True for URLs ("scheme://...") and scp-like "user@host:path"; false for local paths.
bool LooksLikeGitUrl(std::string_view location);

// Removes "user:password@" from a URL so credentials never end up in a subject name.
std::string StripUrlCredentials(std::string_view url);

}  // namespace attestfs::targets

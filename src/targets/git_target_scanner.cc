// ScanGitTarget: GitRepo (tracked paths, HEAD, status) + DirWalker::Inspect + BuildManifest.
#include "targets/git_target_scanner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "base/regular_file.h"
#include "base/temp_dir.h"
#include "base/unique_fd.h"
#include "targets/dir_walker.h"
#include "targets/git_repo.h"
#include "targets/manifest_builder.h"
#include "targets/path_filter.h"

namespace attestfs::targets {
namespace {

bool IsLfsPointer(const WalkEntry& e) {
  if (e.size < kLfsPointerPrefix.size() || e.size > kMaxLfsPointerSize) return false;
  auto fd = OpenRegularFile(e.read_path, e.path);
  if (!fd.ok()) return false;  // the hasher reports the open error
  char buf[kLfsPointerPrefix.size()];
  ssize_t n = ::pread(fd->get(), buf, sizeof(buf), 0);
  return n == static_cast<ssize_t>(sizeof(buf)) &&
         std::string_view(buf, sizeof(buf)) == kLfsPointerPrefix;
}

std::string RelativeTo(std::string_view path, std::string_view prefix) {
  return std::string(prefix.empty() ? path : path.substr(prefix.size() + 1));
}

// Scans `location` (inside repo's work tree) and fills everything but temp_clone/default_name.
Result<ScannedTarget> ScanWorkTree(const GitRepo& repo, const std::string& location,
                                   const ScanOptions& options) {
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(location.c_str(), nullptr),
                                                   &std::free);
  if (!real) return ErrnoError(location, errno);
  std::string root = real.get();
  const std::string& wd = repo.WorkDir();
  std::string subpath;
  if (root != wd) {
    if (root.compare(0, wd.size() + 1, wd + "/") != 0) {
      return Error(Errc::kUsage, "'" + location + "' is not inside the work tree " + wd);
    }
    subpath = root.substr(wd.size() + 1);
  }
  GitInfo info;
  info.repo_root = wd;
  AFS_ASSIGN_OR_RETURN(info.commit, repo.HeadCommit());
  AFS_ASSIGN_OR_RETURN(std::string remote, repo.RemoteUrl());
  info.remote_url = StripUrlCredentials(remote);  // recorded in evidence: never a secret
  AFS_ASSIGN_OR_RETURN(std::vector<std::string> changed, repo.ChangedFiles(subpath));
  for (const auto& p : changed) info.uncommitted.push_back(RelativeTo(p, subpath));
  AFS_ASSIGN_OR_RETURN(std::vector<std::string> tracked, repo.TrackedFiles(subpath));

  PathFilter filter(options.include, options.exclude, options.skip_vcs_files);
  DirWalker walker(root, filter);
  WalkResult walk;
  for (const auto& repo_path : tracked) {
    std::string rel = RelativeTo(repo_path, subpath);
    PathFilter::Decision d = filter.Check(rel);
    if (d == PathFilter::Decision::kSkipped) continue;
    if (d == PathFilter::Decision::kExcluded) {
      walk.excluded.push_back(std::move(rel));
      continue;
    }
    struct stat st {};
    if (::lstat((root + "/" + rel).c_str(), &st) != 0 && errno == ENOENT) {
      continue;  // deleted in the work tree: listed in `uncommitted` by git status
    }
    AFS_ASSIGN_OR_RETURN(WalkEntry e, walker.Inspect(rel));
    if (IsLfsPointer(e)) info.lfs_missing.push_back(e.path);
    walk.entries.push_back(std::move(e));
  }
  AFS_ASSIGN_OR_RETURN(attestation::FileManifest manifest, BuildManifest(std::move(walk), options));
  auto less = [](const std::string& a, const std::string& b) {
    return attestation::PathLess(a, b);
  };
  std::sort(info.uncommitted.begin(), info.uncommitted.end(), less);
  std::sort(info.lfs_missing.begin(), info.lfs_missing.end(), less);

  ScannedTarget out;
  out.root = root;
  out.manifest = std::move(manifest);
  if (!info.remote_url.empty()) {
    out.default_name = info.remote_url;
    if (!subpath.empty()) out.default_name += "/" + subpath;
  } else {
    out.default_name = root;
  }
  out.git = std::move(info);
  return out;
}

}  // namespace

Result<ScannedTarget> ScanGitTarget(const TargetSpec& spec, const ScanOptions& options) {
  const bool local = !LooksLikeGitUrl(spec.location);
  if (local && !GitRepo::IsBare(spec.location)) {
    AFS_ASSIGN_OR_RETURN(GitRepo repo, GitRepo::Open(spec.location));
    AFS_ASSIGN_OR_RETURN(ScannedTarget out, ScanWorkTree(repo, spec.location, options));
    out.spec = spec;
    return out;
  }
  AFS_ASSIGN_OR_RETURN(TempDir temp, TempDir::Create("attestfs-clone"));
  AFS_ASSIGN_OR_RETURN(GitRepo repo, GitRepo::Clone(spec.location, temp.path()));
  AFS_ASSIGN_OR_RETURN(ScannedTarget out, ScanWorkTree(repo, repo.WorkDir(), options));
  out.spec = spec;
  if (local) {
    // A bare repository named by path: its absolute path, as for a work tree without remote.
    std::unique_ptr<char, decltype(&std::free)> real(::realpath(spec.location.c_str(), nullptr),
                                                     &std::free);
    out.default_name = real ? std::string(real.get()) : spec.location;
  } else {
    out.default_name = StripUrlCredentials(spec.location);
  }
  out.temp_clone = std::make_shared<TempDir>(std::move(temp));
  return out;
}

}  // namespace attestfs::targets

// ScanTarget dispatch, the dir: and file: scanners, and HashFileRange.
// git: lives in git_target_scanner.cc; image kinds belong to the image target (not here).
#include "targets/scanner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <vector>

#include "base/regular_file.h"
#include "base/unique_fd.h"
#include "base/utf8.h"
#include "digest/sha256_hasher.h"
#include "targets/dir_walker.h"
#include "targets/git_repo.h"
#include "targets/git_target_scanner.h"
#include "targets/manifest_builder.h"
#include "targets/path_filter.h"

namespace attestfs::targets {
namespace {

constexpr size_t kRangeReadBufferSize = 1u << 20;

// Tells options.on_walked which regular files are about to be hashed.
void ReportWalk(const ScanOptions& options, const std::string& root, const WalkResult& walk) {
  if (!options.on_walked) return;
  std::vector<WalkedFile> files;
  for (const WalkEntry& e : walk.entries) {
    if (e.type == attestation::FileEntry::Type::kRegular) files.push_back({e.path, e.size});
  }
  options.on_walked(root, files);
}

Result<std::string> RealPath(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> p(::realpath(path.c_str(), nullptr), &std::free);
  if (!p) return ErrnoError(path, errno);
  return std::string(p.get());
}

Result<ScannedTarget> ScanDir(const TargetSpec& spec, const ScanOptions& options) {
  AFS_ASSIGN_OR_RETURN(std::string root, RealPath(spec.location));
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) return ErrnoError(root, errno);
  if (!S_ISDIR(st.st_mode))
    return Error(Errc::kUsage, "'" + spec.location + "' is not a directory");
  PathFilter filter(options.include, options.exclude, options.skip_vcs_files);
  DirWalker walker(root, filter);
  AFS_ASSIGN_OR_RETURN(WalkResult walk, walker.Walk());
  ReportWalk(options, root, walk);
  AFS_ASSIGN_OR_RETURN(attestation::FileManifest manifest, BuildManifest(std::move(walk), options));
  ScannedTarget out;
  out.spec = spec;
  out.root = root;
  out.default_name = root;
  out.manifest = std::move(manifest);
  return out;
}

Result<ScannedTarget> ScanFile(const TargetSpec& spec, const ScanOptions& options) {
  AFS_ASSIGN_OR_RETURN(std::string abs, RealPath(spec.location));
  size_t slash = abs.rfind('/');
  std::string root = slash == 0 ? "/" : abs.substr(0, slash);
  std::string name = abs.substr(slash + 1);
  // Patterns do not apply to a single named file; the root is its directory.
  PathFilter no_filter({}, {}, false);
  DirWalker walker(root == "/" ? "" : root, no_filter);
  AFS_ASSIGN_OR_RETURN(WalkEntry entry, walker.Inspect(name));
  if (entry.type != attestation::FileEntry::Type::kRegular) {
    return Error(Errc::kInternal, "file target resolved to a symlink: " + abs);
  }
  WalkResult walk;
  walk.entries.push_back(std::move(entry));
  ReportWalk(options, root, walk);
  ScanOptions file_options = options;
  file_options.include.clear();
  file_options.exclude.clear();
  AFS_ASSIGN_OR_RETURN(attestation::FileManifest manifest,
                       BuildManifest(std::move(walk), file_options));
  ScannedTarget out;
  out.spec = spec;
  out.root = root;
  out.default_name = abs;
  out.manifest = std::move(manifest);
  out.is_single_file = true;
  return out;
}

}  // namespace

Result<ScannedTarget> ScanTarget(const TargetSpec& spec, const ScanOptions& options) {
  AFS_TRY(CheckScanOptions(options));
  Result<ScannedTarget> r = Error(Errc::kInternal, "unreachable");
  switch (spec.kind) {
    case TargetSpec::Kind::kDir:
      r = ScanDir(spec, options);
      break;
    case TargetSpec::Kind::kFile:
      r = ScanFile(spec, options);
      break;
    case TargetSpec::Kind::kGit:
      r = ScanGitTarget(spec, options);
      break;
    case TargetSpec::Kind::kRegistry:
    case TargetSpec::Kind::kOciLayout:
    case TargetSpec::Kind::kOciArchive:
    case TargetSpec::Kind::kDockerArchive:
      return Error(Errc::kUnsupported,
                   "scan " + spec.ToString() + ": image targets are not scanned as file trees");
  }
  if (!r.ok()) {
    std::string shown = EscapeForDisplay(spec.kind == TargetSpec::Kind::kGit
                                             ? "git:" + StripUrlCredentials(spec.location)
                                             : spec.ToString());
    return r.error().Context("scan " + shown);
  }
  return r;
}

Result<digest::Digest> HashFileRange(const std::string& path, uint64_t offset, uint64_t length) {
  // The scan checked that a symlink here resolves inside the tree; a FIFO must not block.
  struct stat st {};
  AFS_ASSIGN_OR_RETURN(UniqueFd fd, OpenRegularFile(path, path, &st, FinalSymlink::kFollow));
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (offset > size || length > size - offset) {
    return Error(Errc::kInvalidArgument, "range [" + std::to_string(offset) + ", +" +
                                             std::to_string(length) + ") is beyond the end of " +
                                             path + " (" + std::to_string(size) + " bytes)");
  }
  ::posix_fadvise(fd.get(), static_cast<off_t>(offset), static_cast<off_t>(length),
                  POSIX_FADV_SEQUENTIAL);
  std::vector<char> buf(static_cast<size_t>(std::min<uint64_t>(kRangeReadBufferSize, length)));
  digest::Sha256Hasher h;
  uint64_t off = offset, end = offset + length;
  while (off < end) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buf.size(), end - off));
    ssize_t n = ::pread(fd.get(), buf.data(), want, static_cast<off_t>(off));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read " + path, errno);
    }
    if (n == 0) return Error(Errc::kIo, "read " + path + ": file shrank while hashing");
    h.Update(buf.data(), static_cast<size_t>(n));
    off += static_cast<uint64_t>(n);
  }
  return h.Finish();
}

}  // namespace attestfs::targets

// DirWalker: lstat-based recursive listing with type and symlink checks (no content reads).
#include "targets/dir_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "base/utf8.h"

namespace attestfs::targets {
namespace {

using attestation::FileEntry;

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a + "/" + b;
}

const char* TypeName(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file, directory or symlink";
}

Result<std::string> RealPath(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> p(::realpath(path.c_str(), nullptr), &std::free);
  if (!p) return ErrnoError("realpath " + path, errno);
  return std::string(p.get());
}

bool IsInside(const std::string& root, const std::string& path) {
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
         (root == "/" || path[root.size()] == '/');
}

// Predicates carry names as JSON strings: bytes that are not UTF-8 would be replaced (and two
// names could become one) or make the BOM writer fail, so such names are refused here, once.
Status CheckUtf8(const std::string& rel, std::string_view what) {
  if (IsValidUtf8(what)) return OkStatus();
  return Error(Errc::kUnsafePath, "path '" + EscapeForDisplay(rel) + "': not valid UTF-8");
}

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

}  // namespace

Result<WalkResult> DirWalker::Walk() const {
  WalkResult out;
  AFS_TRY(WalkDir("", 0, out));
  return out;
}

Status DirWalker::WalkDir(const std::string& rel_dir, size_t depth, WalkResult& out) const {
  if (depth > kMaxWalkDepth) {
    return Error(Errc::kTooLarge, "directory '" + rel_dir + "' nested deeper than " +
                                      std::to_string(kMaxWalkDepth) + " levels");
  }
  std::string abs_dir = rel_dir.empty() ? root_ : root_ + "/" + rel_dir;
  std::unique_ptr<DIR, DirCloser> dir(::opendir(abs_dir.c_str()));
  if (!dir) return ErrnoError("open directory '" + (rel_dir.empty() ? "." : rel_dir) + "'", errno);
  std::vector<std::string> subdirs;
  for (;;) {
    errno = 0;
    struct dirent* de = ::readdir(dir.get());
    if (de == nullptr) {
      if (errno != 0) return ErrnoError("read directory '" + rel_dir + "'", errno);
      break;
    }
    std::string name = de->d_name;
    if (name == "." || name == "..") continue;
    std::string rel = Join(rel_dir, name);
    AFS_TRY(CheckUtf8(rel, name));
    AFS_TRY(attestation::ValidateRelativePath(rel));
    struct stat st {};
    if (::fstatat(::dirfd(dir.get()), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return ErrnoError("lstat '" + rel + "'", errno);
    }
    if (S_ISDIR(st.st_mode)) {
      if (!filter_.SkipDirectory(rel)) subdirs.push_back(std::move(rel));
      continue;
    }
    if (out.entries.size() + out.excluded.size() >= kMaxWalkEntries) {
      return Error(Errc::kTooLarge,
                   "more than " + std::to_string(kMaxWalkEntries) + " files under the root");
    }
    switch (filter_.Check(rel)) {
      case PathFilter::Decision::kSkipped:
        continue;
      case PathFilter::Decision::kExcluded:
        out.excluded.push_back(std::move(rel));
        continue;
      case PathFilter::Decision::kKeep:
        break;
    }
    AFS_ASSIGN_OR_RETURN(WalkEntry e, Classify(rel, st));
    out.entries.push_back(std::move(e));
  }
  dir.reset();  // bound open directory handles to one at a time
  for (const auto& sub : subdirs) AFS_TRY(WalkDir(sub, depth + 1, out));
  return OkStatus();
}

Result<WalkEntry> DirWalker::Inspect(const std::string& rel) const {
  AFS_TRY(CheckUtf8(rel, rel));
  AFS_TRY(attestation::ValidateRelativePath(rel));
  size_t slash = rel.rfind('/');
  if (slash != std::string::npos) {
    // A parent replaced by a symlink would let a tracked path read outside the root.
    std::string parent = root_ + "/" + rel.substr(0, slash);
    AFS_ASSIGN_OR_RETURN(std::string real_parent, RealPath(parent));
    if (real_parent != parent) {
      return Error(Errc::kUnsafePath,
                   "path '" + rel + "': a parent directory is a symlink or not a directory");
    }
  }
  struct stat st {};
  if (::lstat((root_ + "/" + rel).c_str(), &st) != 0)
    return ErrnoError("lstat '" + rel + "'", errno);
  if (S_ISDIR(st.st_mode)) {
    return Error(Errc::kUnsupported, "path '" + rel + "' is a directory, expected a file");
  }
  return Classify(rel, st);
}

Result<WalkEntry> DirWalker::Classify(const std::string& rel, const struct stat& st) const {
  const unsigned mode = st.st_mode;
  if (S_ISLNK(mode)) return ResolveSymlink(rel);
  if (!S_ISREG(mode)) return Error(Errc::kUnsafePath, "path '" + rel + "' is " + TypeName(mode));
  WalkEntry e;
  e.path = rel;
  e.read_path = root_ + "/" + rel;
  e.size = static_cast<uint64_t>(st.st_size);
  e.executable = (mode & 0111) != 0;
  e.stamp = FileStamp::Of(st);
  return e;
}

Result<WalkEntry> DirWalker::ResolveSymlink(const std::string& rel) const {
  std::string abs = root_ + "/" + rel;
  char buf[PATH_MAX];
  ssize_t n = ::readlink(abs.c_str(), buf, sizeof(buf));
  if (n < 0) return ErrnoError("readlink '" + rel + "'", errno);
  if (static_cast<size_t>(n) >= sizeof(buf)) {
    return Error(Errc::kTooLarge, "symlink '" + rel + "': target longer than PATH_MAX");
  }
  WalkEntry e;
  e.path = rel;
  e.type = FileEntry::Type::kSymlink;
  e.link_target.assign(buf, static_cast<size_t>(n));
  if (!IsValidUtf8(e.link_target)) {
    return Error(Errc::kUnsafePath, "symlink '" + rel + "': target '" +
                                        EscapeForDisplay(e.link_target) + "' is not valid UTF-8");
  }
  std::string shown = "symlink '" + rel + "' -> '" + e.link_target + "'";
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(abs.c_str(), nullptr), &std::free);
  if (!real) {
    int err = errno;
    if (err == ENOENT) return Error(Errc::kNotFound, shown + ": dangling (target does not exist)");
    if (err == ELOOP) return Error(Errc::kUnsafePath, shown + ": symlink loop");
    return ErrnoError(shown + ": resolve", err);
  }
  std::string resolved = real.get();
  if (resolved == root_) return Error(Errc::kUnsupported, shown + ": points to a directory");
  if (!IsInside(root_, resolved)) {
    return Error(Errc::kUnsafePath, shown + ": resolves outside the target root");
  }
  struct stat st {};
  if (::stat(resolved.c_str(), &st) != 0) return ErrnoError(shown + ": stat target", errno);
  if (S_ISDIR(st.st_mode)) return Error(Errc::kUnsupported, shown + ": points to a directory");
  if (!S_ISREG(st.st_mode))
    return Error(Errc::kUnsafePath, shown + ": target is " + TypeName(st.st_mode));
  e.read_path = std::move(resolved);
  e.size = static_cast<uint64_t>(st.st_size);
  e.executable = (st.st_mode & 0111) != 0;
  e.stamp = FileStamp::Of(st);
  return e;
}

}  // namespace attestfs::targets

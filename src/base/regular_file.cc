// OpenRegularFileAt: open(O_NONBLOCK|O_NOFOLLOW), fstat, S_ISREG, then clear O_NONBLOCK.
#include "base/regular_file.h"

#include <fcntl.h>

#include <cerrno>

namespace attestfs {
namespace {

const char* TypeName(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

}  // namespace

Result<UniqueFd> OpenRegularFileAt(int dir_fd, const std::string& name, const std::string& shown,
                                   struct stat* st, FinalSymlink symlink) {
  const int nofollow = symlink == FinalSymlink::kRefuse ? O_NOFOLLOW : 0;
  UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NONBLOCK | nofollow | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    if (err == ELOOP && nofollow != 0) {
      return Error(Errc::kUnsafePath, "'" + shown + "' is a symlink");
    }
    return ErrnoError("open '" + shown + "'", err);
  }
  struct stat local {};
  struct stat* out = st != nullptr ? st : &local;
  if (::fstat(fd.get(), out) != 0) return ErrnoError("stat '" + shown + "'", errno);
  if (!S_ISREG(out->st_mode)) {
    return Error(Errc::kUnsafePath,
                 "'" + shown + "' is " + TypeName(out->st_mode) + ", not a regular file");
  }
  // O_NONBLOCK means nothing for regular files; clear it so the fd behaves as usual.
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return ErrnoError("fcntl '" + shown + "'", errno);
  }
  return fd;
}

}  // namespace attestfs

// Implementation of size-limited reads and atomic (temp+fsync+rename) writes.
#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "base/unique_fd.h"

namespace attestfs {

Result<std::string> ReadFileLimited(const std::string& path, uint64_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open " + path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoError("stat " + path, errno);
  if (!S_ISREG(st.st_mode)) return Error(Errc::kInvalidArgument, path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Error(Errc::kTooLarge, path + ": " + std::to_string(st.st_size) +
                                      " bytes exceeds the limit of " + std::to_string(max_bytes));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read " + path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return Error(Errc::kTooLarge, path + ": exceeds the limit of " + std::to_string(max_bytes));
    }
  }
  return out;
}

Result<std::string> ReadRange(int fd, uint64_t offset, uint64_t length) {
  std::string out(length, '\0');
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("pread", errno);
    }
    if (n == 0) return Error(Errc::kIo, "short read: file shrank");
    done += static_cast<uint64_t>(n);
  }
  return out;
}

static Status WriteAll(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write", errno);
    }
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  std::string dir = ".";
  auto slash = path.rfind('/');
  if (slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
  std::string tmpl = path + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  UniqueFd fd(::mkostemp(name.data(), O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("create temp file for " + path, errno);
  std::string tmp(name.data());
  auto fail = [&](Error e) {
    ::unlink(tmp.c_str());
    return e;
  };
  if (::fchmod(fd.get(), mode) != 0) return fail(ErrnoError("chmod " + tmp, errno));
  if (auto s = WriteAll(fd.get(), data); !s.ok()) return fail(s.error().Context("write " + path));
  if (::fsync(fd.get()) != 0) return fail(ErrnoError("fsync " + tmp, errno));
  fd.Reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(ErrnoError("rename to " + path, errno));
  UniqueFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.valid()) ::fsync(dfd.get());
  return OkStatus();
}

Status MakeDirs(const std::string& path, unsigned mode) {
  if (path.empty()) return OkStatus();
  std::string cur;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    cur = path.substr(0, j);
    if (!cur.empty() && ::mkdir(cur.c_str(), mode) != 0 && errno != EEXIST) {
      return ErrnoError("mkdir " + cur, errno);
    }
    i = j + 1;
  }
  return OkStatus();
}

Status CheckPrivateDirectory(const std::string& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return ErrnoError("stat directory " + dir, errno);
  if (!S_ISDIR(st.st_mode)) {
    return Error(Errc::kUnsafePath, "directory " + dir + ": not a directory (or a symlink)");
  }
  if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
    return Error(Errc::kPermission, "directory " + dir + " must be mode 0700 and owned by uid " +
                                        std::to_string(::geteuid()));
  }
  return OkStatus();
}

}  // namespace attestfs

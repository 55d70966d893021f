// FileStamp: what identifies one version of a file's content without reading it — device,
// inode, size, modification and change time (ns). Two equal stamps around a read mean no write,
// truncate, replace or metadata change happened in between (the kernel updates ctime on every
// write, and since Linux 6.13 with a fine-grained time once the previous ctime was observed).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

namespace attestfs::targets {

struct FileStamp {
  uint64_t dev = 0;
  uint64_t ino = 0;
  uint64_t size = 0;
  int64_t mtime_sec = 0, mtime_nsec = 0;
  int64_t ctime_sec = 0, ctime_nsec = 0;

  static FileStamp Of(const struct stat& st);
  bool operator==(const FileStamp&) const = default;

  // What differs from `before`, for an error message ("size", "change time", ...).
  std::string DescribeChangeFrom(const FileStamp& before) const;
};

}  // namespace attestfs::targets

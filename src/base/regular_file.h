// OpenRegularFile: opens a file for reading only if it is a regular file, without ever blocking
// in open(2) (a FIFO or device node in place of a file would otherwise hang the caller before
// any type check) and without following a final symlink. It does not read anything.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include <string>

#include "base/result.h"
#include "base/unique_fd.h"

namespace attestfs {

// What to do when the last path component is a symlink.
enum class FinalSymlink { kRefuse, kFollow };

// Opens `name` relative to `dir_fd` (AT_FDCWD for a plain path) with
// O_RDONLY|O_NONBLOCK|O_CLOEXEC (and O_NOFOLLOW unless kFollow), fstats it and refuses anything
// but a regular file (kUnsafePath, naming `shown`); a refused final symlink is kUnsafePath too.
// O_NONBLOCK is cleared before returning. `*st` (optional) receives the fstat of the file.
Result<UniqueFd> OpenRegularFileAt(int dir_fd, const std::string& name, const std::string& shown,
                                   struct stat* st = nullptr,
                                   FinalSymlink symlink = FinalSymlink::kRefuse);

inline Result<UniqueFd> OpenRegularFile(const std::string& path, const std::string& shown,
                                        struct stat* st = nullptr,
                                        FinalSymlink symlink = FinalSymlink::kRefuse) {
  return OpenRegularFileAt(AT_FDCWD, path, shown, st, symlink);
}

}  // namespace attestfs

// ErrnoError: turns an errno value into an Error with a readable message.
#include "base/error.h"

#include <cerrno>
#include <cstring>

namespace attestfs {

Error ErrnoError(const std::string& what, int err) {
  Errc code = Errc::kIo;
  if (err == EACCES || err == EPERM) code = Errc::kPermission;
  if (err == ENOENT) code = Errc::kNotFound;
  return Error(code, what + ": " + std::strerror(err));
}

}  // namespace attestfs

// ErrnoFor: Errc -> errno (positive). Content problems of any kind are EIO for the reader.
#include "fuse/errno_map.h"

#include <cerrno>

namespace attestfs::fs {

int ErrnoFor(Errc code) {
  switch (code) {
    case Errc::kOk:
      return 0;
    case Errc::kNotFound:
      return ENOENT;
    case Errc::kPermission:
      return EROFS;
    case Errc::kInvalidArgument:
      return EINVAL;
    case Errc::kUsage:
      return EINVAL;
    case Errc::kUnsupported:
      return ENOSYS;
    case Errc::kTooLarge:
      return EFBIG;
    case Errc::kVerificationFailed:
      return EIO;
    case Errc::kMalformed:
      return EIO;
    case Errc::kUnsafePath:
      return EIO;
    case Errc::kPolicyDenied:
      return EACCES;
    case Errc::kIo:
      return EIO;
    case Errc::kNetwork:
      return EIO;
    case Errc::kUnauthorized:
      return EIO;
    case Errc::kInternal:
      return EIO;
    case Errc::kCancelled:
      return EIO;
    case Errc::kTimeout:
      return ETIMEDOUT;
  }
  return EIO;
}

}  // namespace attestfs::fs

// The one table mapping attestfs error categories to the errno a FUSE reply carries.
// kPermission is EROFS: the only permission error the filesystem raises is a write attempt.
#pragma once

#include "base/error.h"

namespace attestfs::fs {

int ErrnoFor(Errc code);
inline int ErrnoFor(const Error& error) { return ErrnoFor(error.code()); }

}  // namespace attestfs::fs

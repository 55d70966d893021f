// The one table from Errc to attestfs(1) exit codes:
// 0 ok, 1 verification failed / denied, 2 usage, 3 runtime error.
#pragma once

#include "base/errc.h"

namespace attestfs::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitVerifyFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRuntime = 3;

constexpr int ExitCodeFor(Errc c) {
  switch (c) {
    case Errc::kOk:
      return kExitOk;
    case Errc::kVerificationFailed:
    case Errc::kMalformed:
    case Errc::kTooLarge:
    case Errc::kUnsafePath:
    case Errc::kPolicyDenied:
      return kExitVerifyFailed;
    case Errc::kUsage:
    case Errc::kInvalidArgument:
      return kExitUsage;
    case Errc::kNotFound:
    case Errc::kIo:
    case Errc::kPermission:
    case Errc::kUnsupported:
    case Errc::kNetwork:
    case Errc::kUnauthorized:
    case Errc::kInternal:
    case Errc::kCancelled:
    case Errc::kTimeout:
      return kExitRuntime;
  }
  return kExitRuntime;
}

}  // namespace attestfs::cli

// Errc: the one table of error categories used across attestfs.
// Mapping to CLI exit codes lives in cli/exit_code.h, to errno in fuse/errno_map.h.
#pragma once

#include <string_view>

namespace attestfs {

enum class Errc {
  kOk = 0,
  kUsage,               // bad arguments, unknown target, missing trust material -> exit 2
  kInvalidArgument,     // a value that does not parse (reference, digest, glob) -> exit 2
  kNotFound,            // a file, attestation or blob that does not exist
  kVerificationFailed,  // signature, digest, identity or content mismatch -> exit 1
  kMalformed,           // untrusted input that does not parse (JSON, envelope, manifest) -> exit 1
  kTooLarge,            // input over a named size limit -> exit 1
  kUnsafePath,          // traversal, symlink leaving the tree, control characters -> exit 1
  kPolicyDenied,        // a policy rule at error level failed -> exit 1
  kIo,                  // read/write/fsync failures -> exit 3
  kPermission,          // EACCES/EPERM -> exit 3
  kUnsupported,         // a feature or algorithm we do not implement -> exit 3
  kNetwork,             // connection failures, request and fetch timeouts -> exit 3
  kUnauthorized,        // registry auth failed -> exit 3
  kInternal,            // a bug -> exit 3
  kCancelled,           // stopped on request (SIGINT/SIGTERM, umount) -> exit 3, EIO
  kTimeout,             // a local process missed its deadline (mount daemon) -> exit 3, ETIMEDOUT
};

constexpr std::string_view ErrcName(Errc c) {
  switch (c) {
    case Errc::kOk:
      return "ok";
    case Errc::kUsage:
      return "usage";
    case Errc::kInvalidArgument:
      return "invalid argument";
    case Errc::kNotFound:
      return "not found";
    case Errc::kVerificationFailed:
      return "verification failed";
    case Errc::kMalformed:
      return "malformed";
    case Errc::kTooLarge:
      return "too large";
    case Errc::kUnsafePath:
      return "unsafe path";
    case Errc::kPolicyDenied:
      return "policy denied";
    case Errc::kIo:
      return "i/o error";
    case Errc::kPermission:
      return "permission denied";
    case Errc::kUnsupported:
      return "unsupported";
    case Errc::kNetwork:
      return "network error";
    case Errc::kUnauthorized:
      return "unauthorized";
    case Errc::kInternal:
      return "internal error";
    case Errc::kCancelled:
      return "cancelled";
    case Errc::kTimeout:
      return "timed out";
  }
  return "unknown";
}

}  // namespace attestfs

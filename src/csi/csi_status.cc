// CsiStatus names and the attestfs error kind -> CSI code table.
#include "csi/csi_status.h"

namespace attestfs::csi {

std::string_view CsiCodeName(CsiCode code) {
  switch (code) {
    case CsiCode::kOk:
      return "OK";
    case CsiCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case CsiCode::kNotFound:
      return "NOT_FOUND";
    case CsiCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case CsiCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case CsiCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case CsiCode::kUnavailable:
      return "UNAVAILABLE";
    case CsiCode::kAborted:
      return "ABORTED";
    case CsiCode::kInternal:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

CsiCode CsiCodeFor(Errc errc) {
  switch (errc) {
    case Errc::kOk:
      return CsiCode::kOk;
    case Errc::kUsage:
    case Errc::kInvalidArgument:
    case Errc::kUnsafePath:
      return CsiCode::kInvalidArgument;
    case Errc::kNotFound:
      return CsiCode::kNotFound;
    case Errc::kPolicyDenied:
      return CsiCode::kFailedPrecondition;
    case Errc::kVerificationFailed:
    case Errc::kMalformed:
    case Errc::kTooLarge:
    case Errc::kUnauthorized:
    case Errc::kPermission:
      return CsiCode::kPermissionDenied;
    case Errc::kNetwork:
    case Errc::kTimeout:
    case Errc::kCancelled:
      return CsiCode::kUnavailable;
    case Errc::kIo:
    case Errc::kUnsupported:
    case Errc::kInternal:
      return CsiCode::kInternal;
  }
  return CsiCode::kInternal;
}

Errc ErrcFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Errc::kTimeout); ++i) {
    const auto e = static_cast<Errc>(i);
    if (ErrcName(e) == name) return e;
  }
  return Errc::kInternal;
}

}  // namespace attestfs::csi

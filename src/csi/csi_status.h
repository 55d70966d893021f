// CsiStatus: the outcome of a CSI call in the terms the CSI specification uses (a gRPC status
// code and a message the kubelet shows in the pod's events), without gRPC types, so the node
// driver and its tests stay free of gRPC. csi_server.cc maps the codes one to one.
#pragma once

#include <string>
#include <string_view>

#include "base/errc.h"

namespace attestfs::csi {

enum class CsiCode {
  kOk,
  kInvalidArgument,     // bad or missing fields, attributes, paths outside the secrets dir
  kNotFound,            // the artefact (tag, digest, repository) does not exist
  kAlreadyExists,       // the target is published with other attributes
  kFailedPrecondition,  // the policy denied the artefact
  kPermissionDenied,    // evidence missing or not verifying, content not matching, auth refused
  kUnavailable,         // the registry could not be reached or timed out
  kAborted,             // an operation on the same volume is already running
  kInternal,
};

struct CsiStatus {
  CsiCode code = CsiCode::kOk;
  std::string message;
  bool ok() const { return code == CsiCode::kOk; }
  static CsiStatus Ok() { return {}; }
};

std::string_view CsiCodeName(CsiCode code);  // "INVALID_ARGUMENT", ...

// The CSI code for an attestfs error kind (how a failed verified mount is reported).
CsiCode CsiCodeFor(Errc errc);

// The Errc named by ErrcName() text ("network", "verification failed", ...), kInternal if none.
Errc ErrcFromName(std::string_view name);

}  // namespace attestfs::csi

// The FUSE low-level operations table: one callback per request type that unpacks the request,
// calls AttestFs on the FuseSession given as the session's userdata, and replies (errno through
// ErrnoFor). Semantics live in AttestFs; session set-up and the loop in FuseSession. This header
// names libfuse's ops struct only as an incomplete type; <fuse_lowlevel.h> stays in .cc files.
#pragma once

struct fuse_lowlevel_ops;  // libfuse's, complete in <fuse_lowlevel.h>

namespace attestfs::fs {

// The callbacks for fuse_session_new; its userdata must be the FuseSession being served.
fuse_lowlevel_ops FuseLowLevelOps();

}  // namespace attestfs::fs

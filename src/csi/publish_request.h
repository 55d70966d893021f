// PublishRequest: a NodePublishVolume call as plain data (csi_server.cc fills it from the
// protobuf message), and MountPlan: what it becomes after validation — the registry reference
// and the `attestfs mount -o` option list, with a fingerprint of both so a second publish of
// the same target can be told apart from a different one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "csi/csi_status.h"
#include "csi/driver_config.h"

namespace attestfs::csi {

struct PublishRequest {
  std::string volume_id;
  std::string target_path;
  std::string staging_target_path;
  bool has_capability = false;  // volume_capability present
  bool block = false;           // access_type block (refused)
  bool mount = false;           // access_type mount
  int access_mode = 0;          // VolumeCapability.AccessMode.Mode
  std::string fs_type;
  std::vector<std::string> mount_flags;
  bool readonly = false;
  std::map<std::string, std::string> volume_context;  // volumeAttributes (+ pod info)
  bool has_secrets = false;                           // nodePublishSecretRef (refused)
};

struct MountPlan {
  std::string source;       // the registry reference
  std::string options;      // for `attestfs mount -o`
  std::string fingerprint;  // "sha256:..." over source and options
  bool ephemeral = false;
};

// Validates the request and the attributes: a registry reference as `source` (never a host
// path), only the known attributes, files only under config.secrets_dir (no absolute paths,
// no "..", no symlink out of it; the file must be readable), no ',' or control characters in
// a value, a read-only access mode (SINGLE_NODE_WRITER only for ephemeral inline volumes, which
// the kubelet always asks for so; the volume is read-only regardless). INVALID_ARGUMENT names
// the field or attribute.
Result<MountPlan> PlanMount(const PublishRequest& request, const DriverConfig& config);

// The attribute names PlanMount accepts (for messages and the documentation).
const std::vector<std::string>& KnownAttributes();

}  // namespace attestfs::csi

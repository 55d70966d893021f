// NodeDriver: the CSI node service's logic, without gRPC — publish a verified, read-only
// attestfs mount at a pod's target path, unpublish it, and on start take back the mounts an
// earlier plugin process made (from VolumeState). Publishing is idempotent (the same volume
// and attributes at the same target: OK once mounted; other attributes: ALREADY_EXISTS), an
// unpublish of a target with nothing mounted succeeds, and calls for one volume run one at a
// time. The node-wide verified cache is shared by every volume (one download per artefact per
// node) and kept under its size bound by CacheTrimmer after each publish. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "csi/csi_status.h"
#include "csi/driver_config.h"
#include "csi/mount_runner.h"
#include "csi/publish_request.h"
#include "csi/volume_state.h"

namespace attestfs::csi {

class NodeDriver {
 public:
  // Opens the state directory; kIo when it cannot be created.
  static Result<std::unique_ptr<NodeDriver>> Create(const DriverConfig& config,
                                                    std::unique_ptr<MountRunner> runner);

  CsiStatus Publish(const PublishRequest& request) AFS_EXCLUDES(mu_);
  CsiStatus Unpublish(const std::string& volume_id, const std::string& target_path)
      AFS_EXCLUDES(mu_);

  // Start-up: for every recorded volume, keeps a live mount, mounts again a target whose daemon
  // died (or whose mount is gone while the pod's directory remains), and forgets a record whose
  // target no longer exists. Returns one line per volume for the log.
  std::vector<std::string> Recover() AFS_EXCLUDES(mu_);

  // Trims the shared cache to config.cache_max_bytes now (also run after each publish).
  void TrimCache() AFS_EXCLUDES(trim_mu_);

  const DriverConfig& config() const { return config_; }

 private:
  NodeDriver(DriverConfig config, std::unique_ptr<MountRunner> runner, VolumeState state)
      : config_(std::move(config)), runner_(std::move(runner)), state_(std::move(state)) {}
  std::shared_ptr<Mutex> VolumeLock(const std::string& volume_id) AFS_EXCLUDES(mu_);
  CsiStatus MountAt(const MountPlan& plan, const PublishRequest& request);

  const DriverConfig config_;
  std::unique_ptr<MountRunner> runner_;
  const VolumeState state_;
  Mutex mu_;
  std::map<std::string, std::shared_ptr<Mutex>> locks_ AFS_GUARDED_BY(mu_);
  Mutex trim_mu_;
};

}  // namespace attestfs::csi

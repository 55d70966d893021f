// MountRunner: how the node driver mounts and unmounts. SubprocessMountRunner runs
// `attestfs mount SOURCE TARGET -o OPTIONS` as a child process (a fresh process: nothing of the
// gRPC server is inherited), which verifies the evidence and policy, then forks the FUSE daemon
// into its own session — so each volume's daemon outlives the plugin process — and reports why
// it failed (the error kind and message) on a status pipe. The interface lets unit tests drive
// the driver without FUSE.
#pragma once

#include <string>

#include "base/result.h"

namespace attestfs::csi {

class MountRunner {
 public:
  virtual ~MountRunner() = default;
  // Mounts; the error carries the mount's error kind (Errc) and message.
  virtual Status Mount(const std::string& source, const std::string& target,
                       const std::string& options) = 0;
  // Unmounts (lazily when busy); OK when nothing is mounted there.
  virtual Status Unmount(const std::string& target) = 0;
  // An attestfs mount is at `target` (canonical path).
  virtual bool IsMounted(const std::string& target) = 0;
  // Mounted, but its daemon is gone (the mountpoint answers ENOTCONN).
  virtual bool IsDead(const std::string& target) = 0;
};

class SubprocessMountRunner final : public MountRunner {
 public:
  SubprocessMountRunner(std::string exe, int timeout_s)
      : exe_(std::move(exe)), timeout_s_(timeout_s) {}
  Status Mount(const std::string& source, const std::string& target,
               const std::string& options) override;
  Status Unmount(const std::string& target) override;
  bool IsMounted(const std::string& target) override;
  bool IsDead(const std::string& target) override;

 private:
  std::string exe_;
  int timeout_s_;
};

}  // namespace attestfs::csi

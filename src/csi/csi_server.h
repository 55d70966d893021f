// CsiServer: the CSI Identity and Node services over gRPC on a unix socket (the only file that
// sees gRPC and the generated CSI code). Identity: GetPluginInfo (attestfs.csi.dev), capabilities
// (none beyond the node service), Probe. Node: NodeGetCapabilities (none: no staging, no stats),
// NodeGetInfo, NodePublishVolume and NodeUnpublishVolume through NodeDriver, whose CsiStatus
// becomes the gRPC status the kubelet shows in the pod's events.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "csi/node_driver.h"

namespace attestfs::csi {

class CsiServer {
 public:
  // `endpoint` is unix:///path/to.sock (or a bare path); a stale socket file is replaced.
  static Result<std::unique_ptr<CsiServer>> Start(const std::string& endpoint,
                                                  const std::string& version, NodeDriver& driver);
  ~CsiServer();
  void Wait();      // until Shutdown
  void Shutdown();  // from another thread
  const std::string& socket_path() const;

 private:
  struct Impl;
  explicit CsiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::csi

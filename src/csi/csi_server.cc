// CsiServer: gRPC services -> NodeDriver.
#include "csi/csi_server.h"

#include <csi/csi.grpc.pb.h>
#include <grpcpp/grpcpp.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attestfs::csi {

namespace {

grpc::StatusCode GrpcCode(CsiCode c) {
  switch (c) {
    case CsiCode::kOk:
      return grpc::StatusCode::OK;
    case CsiCode::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case CsiCode::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case CsiCode::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case CsiCode::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case CsiCode::kPermissionDenied:
      return grpc::StatusCode::PERMISSION_DENIED;
    case CsiCode::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case CsiCode::kAborted:
      return grpc::StatusCode::ABORTED;
    case CsiCode::kInternal:
      return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

grpc::Status ToGrpc(const CsiStatus& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(GrpcCode(s.code), s.message);
}

class IdentityService final : public ::csi::v1::Identity::Service {
 public:
  explicit IdentityService(std::string version) : version_(std::move(version)) {}
  grpc::Status GetPluginInfo(grpc::ServerContext*, const ::csi::v1::GetPluginInfoRequest*,
                             ::csi::v1::GetPluginInfoResponse* out) override {
    out->set_name(kDriverName);
    out->set_vendor_version(version_);
    return grpc::Status::OK;
  }
  grpc::Status GetPluginCapabilities(grpc::ServerContext*,
                                     const ::csi::v1::GetPluginCapabilitiesRequest*,
                                     ::csi::v1::GetPluginCapabilitiesResponse*) override {
    return grpc::Status::OK;  // a node-only plugin: no controller service, no topology
  }
  grpc::Status Probe(grpc::ServerContext*, const ::csi::v1::ProbeRequest*,
                     ::csi::v1::ProbeResponse* out) override {
    out->mutable_ready()->set_value(true);
    return grpc::Status::OK;
  }

 private:
  std::string version_;
};

class NodeService final : public ::csi::v1::Node::Service {
 public:
  explicit NodeService(NodeDriver& driver) : driver_(driver) {}
  grpc::Status NodePublishVolume(grpc::ServerContext*,
                                 const ::csi::v1::NodePublishVolumeRequest* in,
                                 ::csi::v1::NodePublishVolumeResponse*) override {
    PublishRequest r;
    r.volume_id = in->volume_id();
    r.target_path = in->target_path();
    r.staging_target_path = in->staging_target_path();
    r.has_capability = in->has_volume_capability();
    if (r.has_capability) {
      const auto& cap = in->volume_capability();
      r.block = cap.has_block();
      r.mount = cap.has_mount();
      if (r.mount) {
        r.fs_type = cap.mount().fs_type();
        for (const auto& f : cap.mount().mount_flags()) r.mount_flags.push_back(f);
      }
      r.access_mode = cap.has_access_mode() ? static_cast<int>(cap.access_mode().mode()) : 0;
    }
    r.readonly = in->readonly();
    for (const auto& [k, v] : in->volume_context()) r.volume_context[k] = v;
    r.has_secrets = in->secrets_size() > 0;
    return ToGrpc(driver_.Publish(r));
  }
  grpc::Status NodeUnpublishVolume(grpc::ServerContext*,
                                   const ::csi::v1::NodeUnpublishVolumeRequest* in,
                                   ::csi::v1::NodeUnpublishVolumeResponse*) override {
    return ToGrpc(driver_.Unpublish(in->volume_id(), in->target_path()));
  }
  grpc::Status NodeGetCapabilities(grpc::ServerContext*,
                                   const ::csi::v1::NodeGetCapabilitiesRequest*,
                                   ::csi::v1::NodeGetCapabilitiesResponse*) override {
    return grpc::Status::OK;  // no staging, stats or expansion
  }
  grpc::Status NodeGetInfo(grpc::ServerContext*, const ::csi::v1::NodeGetInfoRequest*,
                           ::csi::v1::NodeGetInfoResponse* out) override {
    out->set_node_id(driver_.config().node_id);
    return grpc::Status::OK;
  }

 private:
  NodeDriver& driver_;
};

}  // namespace

struct CsiServer::Impl {
  std::string socket_path;
  std::unique_ptr<IdentityService> identity;
  std::unique_ptr<NodeService> node;
  std::unique_ptr<grpc::Server> server;
};

CsiServer::CsiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsiServer::~CsiServer() { Shutdown(); }

const std::string& CsiServer::socket_path() const { return impl_->socket_path; }

Result<std::unique_ptr<CsiServer>> CsiServer::Start(const std::string& endpoint,
                                                    const std::string& version,
                                                    NodeDriver& driver) {
  std::string path = endpoint;
  if (path.rfind("unix://", 0) == 0) path = path.substr(7);
  if (path.empty() || path[0] != '/') {
    return Error(Errc::kUsage, "--endpoint must be unix:///absolute/path.sock, got " + endpoint);
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return Error(Errc::kUsage, "--endpoint " + path + " exists and is not a socket");
    }
    ::unlink(path.c_str());  // left by an earlier plugin process
  }
  auto impl = std::make_unique<Impl>();
  impl->socket_path = path;
  impl->identity = std::make_unique<IdentityService>(version);
  impl->node = std::make_unique<NodeService>(driver);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix://" + path, grpc::InsecureServerCredentials());
  builder.RegisterService(impl->identity.get());
  builder.RegisterService(impl->node.get());
  impl->server = builder.BuildAndStart();
  if (!impl->server) return Error(Errc::kIo, "cannot listen on unix://" + path);
  ::chmod(path.c_str(), 0600);
  return std::unique_ptr<CsiServer>(new CsiServer(std::move(impl)));
}

void CsiServer::Wait() {
  if (impl_->server) impl_->server->Wait();
}

void CsiServer::Shutdown() {
  if (impl_ && impl_->server) impl_->server->Shutdown();
}

}  // namespace attestfs::csi

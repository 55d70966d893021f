// csi_client: drives a CSI plugin over its unix socket the way the kubelet and the
// node-driver-registrar do, for the integration tests (tests/integration/test_csi.sh).
//   csi_client SOCKET info | plugin-caps | probe | node-caps | node-info
//   csi_client SOCKET publish VOLUME_ID TARGET [--readonly] [--mode N] [--block] [--no-cap]
//              [--fs-type T] [--flag F]... [--secret K=V]... [ATTR=VALUE]...
//   csi_client SOCKET unpublish VOLUME_ID TARGET
// Prints "OK" and the response's fields, or "<GRPC_CODE>: <message>" and exits 1.
#include <csi/csi.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char* CodeName(grpc::StatusCode c) {
  switch (c) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    default:
      return "OTHER";
  }
}

int Report(const grpc::Status& s) {
  if (s.ok()) return 0;
  std::printf("%s: %s\n", CodeName(s.error_code()), s.error_message().c_str());
  return 1;
}

grpc::ClientContext* Context(grpc::ClientContext* ctx) {
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(180));
  return ctx;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: csi_client SOCKET COMMAND ...\n");
    return 2;
  }
  auto channel =
      grpc::CreateChannel(std::string("unix://") + argv[1], grpc::InsecureChannelCredentials());
  auto identity = csi::v1::Identity::NewStub(channel);
  auto node = csi::v1::Node::NewStub(channel);
  const std::string cmd = argv[2];
  grpc::ClientContext ctx;
  if (cmd == "info") {
    csi::v1::GetPluginInfoResponse out;
    auto s = identity->GetPluginInfo(Context(&ctx), {}, &out);
    if (s.ok())
      std::printf("OK name=%s version=%s\n", out.name().c_str(), out.vendor_version().c_str());
    return Report(s);
  }
  if (cmd == "plugin-caps") {
    csi::v1::GetPluginCapabilitiesResponse out;
    auto s = identity->GetPluginCapabilities(Context(&ctx), {}, &out);
    if (s.ok()) {
      std::printf("OK");
      for (const auto& c : out.capabilities()) std::printf(" service=%d", c.service().type());
      std::printf("\n");
    }
    return Report(s);
  }
  if (cmd == "probe") {
    csi::v1::ProbeResponse out;
    auto s = identity->Probe(Context(&ctx), {}, &out);
    if (s.ok())
      std::printf("OK ready=%s\n",
                  out.has_ready() ? (out.ready().value() ? "true" : "false") : "unset");
    return Report(s);
  }
  if (cmd == "node-caps") {
    csi::v1::NodeGetCapabilitiesResponse out;
    auto s = node->NodeGetCapabilities(Context(&ctx), {}, &out);
    if (s.ok()) {
      std::printf("OK");
      for (const auto& c : out.capabilities()) std::printf(" rpc=%d", c.rpc().type());
      std::printf("\n");
    }
    return Report(s);
  }
  if (cmd == "node-info") {
    csi::v1::NodeGetInfoResponse out;
    auto s = node->NodeGetInfo(Context(&ctx), {}, &out);
    if (s.ok()) std::printf("OK node_id=%s\n", out.node_id().c_str());
    return Report(s);
  }
  if (cmd == "publish" && argc >= 5) {
    csi::v1::NodePublishVolumeRequest req;
    req.set_volume_id(argv[3]);
    req.set_target_path(argv[4]);
    bool cap = true, block = false;
    int mode = csi::v1::VolumeCapability::AccessMode::SINGLE_NODE_READER_ONLY;
    std::string fs_type;
    std::vector<std::string> flags;
    for (int i = 5; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--readonly") {
        req.set_readonly(true);
      } else if (a == "--mode" && i + 1 < argc) {
        mode = std::atoi(argv[++i]);
      } else if (a == "--block") {
        block = true;
      } else if (a == "--no-cap") {
        cap = false;
      } else if (a == "--fs-type" && i + 1 < argc) {
        fs_type = argv[++i];
      } else if (a == "--flag" && i + 1 < argc) {
        flags.push_back(argv[++i]);
      } else if (a == "--secret" && i + 1 < argc) {
        std::string kv = argv[++i];
        (*req.mutable_secrets())[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
      } else if (a.find('=') != std::string::npos) {
        (*req.mutable_volume_context())[a.substr(0, a.find('='))] = a.substr(a.find('=') + 1);
      } else {
        std::fprintf(stderr, "csi_client: unknown argument %s\n", a.c_str());
        return 2;
      }
    }
    if (cap) {
      auto* c = req.mutable_volume_capability();
      if (block) {
        c->mutable_block();
      } else {
        auto* m = c->mutable_mount();
        m->set_fs_type(fs_type);
        for (const auto& f : flags) m->add_mount_flags(f);
      }
      c->mutable_access_mode()->set_mode(
          static_cast<csi::v1::VolumeCapability::AccessMode::Mode>(mode));
    }
    csi::v1::NodePublishVolumeResponse out;
    auto s = node->NodePublishVolume(Context(&ctx), req, &out);
    if (s.ok()) std::printf("OK\n");
    return Report(s);
  }
  if (cmd == "unpublish" && argc >= 5) {
    csi::v1::NodeUnpublishVolumeRequest req;
    req.set_volume_id(argv[3]);
    req.set_target_path(argv[4]);
    csi::v1::NodeUnpublishVolumeResponse out;
    auto s = node->NodeUnpublishVolume(Context(&ctx), req, &out);
    if (s.ok()) std::printf("OK\n");
    return Report(s);
  }
  std::fprintf(stderr, "csi_client: unknown command %s\n", cmd.c_str());
  return 2;
}

// `attestfs csi serve --endpoint unix:///csi/csi.sock --node-id NAME`: the CSI node plugin
// (attestfs.csi.dev) that gives pods lazily verified, read-only model volumes. Takes back the
// volumes an earlier plugin process published, serves Identity and Node over gRPC until
// SIGTERM/SIGINT, and keeps the node-wide verified cache under --cache-max-bytes.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "app/version.h"
#include "base/mutex.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/stop_on_signal.h"
#include "csi/csi_server.h"
#include "csi/node_driver.h"

namespace attestfs::cli {

namespace {

struct CsiOptions {
  std::string endpoint = "unix:///csi/csi.sock";
  csi::DriverConfig driver;
  int trim_interval_s = 60;
};

int RunServe(CsiOptions o) {
  if (o.driver.node_id.empty()) return Fail(Errc::kUsage, "--node-id is required");
  if (o.driver.self_exe == "/proc/self/exe") {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) o.driver.self_exe.assign(buf, static_cast<size_t>(n));
  }
  auto driver = csi::NodeDriver::Create(o.driver, std::make_unique<csi::SubprocessMountRunner>(
                                                      o.driver.self_exe, o.driver.mount_timeout_s));
  if (!driver.ok()) return Fail(driver.error());
  for (const auto& line : (*driver)->Recover()) {
    std::fprintf(stderr, "attestfs csi: %s\n", line.c_str());
  }
  std::unique_ptr<csi::CsiServer> server;
  // The trimmer thread sleeps on `wake` until the next trim or until the server stops.
  struct Stop {
    Mutex mu;
    CondVar wake;
    bool stopping AFS_GUARDED_BY(mu) = false;
    void Set() {
      MutexLock lock(mu);
      stopping = true;
      wake.NotifyAll();
    }
  } stop_state;
  StopOnSignal stop([&] {
    stop_state.Set();
    if (server) server->Shutdown();
  });
  auto started = csi::CsiServer::Start(o.endpoint, kVersion, **driver);
  if (!started.ok()) return Fail(started.error());
  server = std::move(*started);
  std::fprintf(stderr, "attestfs csi: %s %s serving %s (node %s, cache %s)\n", csi::kDriverName,
               kVersion, server->socket_path().c_str(), o.driver.node_id.c_str(),
               o.driver.cache_dir.c_str());
  std::thread trimmer([&] {
    MutexLock lock(stop_state.mu);
    while (!stop_state.stopping) {
      const auto next = std::chrono::steady_clock::now() + std::chrono::seconds(o.trim_interval_s);
      while (!stop_state.stopping && std::chrono::steady_clock::now() < next) {
        stop_state.wake.WaitUntil(stop_state.mu, next);
      }
      if (stop_state.stopping) break;
      lock.Unlock();
      (*driver)->TrimCache();
      lock.Lock();
    }
  });
  server->Wait();
  stop_state.Set();
  trimmer.join();
  // The volumes stay mounted: their daemons are separate processes, and the next plugin
  // process takes them back from the state directory.
  return kExitOk;
}

}  // namespace

void RegisterCsi(CLI::App& app, int* rc) {
  auto o = std::make_shared<CsiOptions>();
  auto* cmd = app.add_subcommand("csi", "Kubernetes CSI node plugin for verified model volumes");
  cmd->require_subcommand(1);
  auto* serve = cmd->add_subcommand("serve", "serve the CSI Identity and Node services");
  serve
      ->add_option("--endpoint", o->endpoint,
                   "unix:///path/csi.sock (default: $CSI_ENDPOINT, else unix:///csi/csi.sock)")
      ->envname("CSI_ENDPOINT");
  serve->add_option("--node-id", o->driver.node_id, "this node's name (NodeGetInfo)")
      ->envname("NODE_ID");
  serve->add_option("--state-dir", o->driver.state_dir,
                    "where published volumes are recorded (default /var/lib/attestfs-csi)");
  serve->add_option("--secrets-dir", o->driver.secrets_dir,
                    "the only directory volume attributes may name files in (keys, CA roots, "
                    "policies from mounted Secrets and ConfigMaps)");
  serve->add_option(
      "--cache-dir", o->driver.cache_dir,
      "node-wide verified cache shared by all volumes (default /var/cache/attestfs-csi)");
  serve->add_option("--cache-max-bytes", o->driver.cache_max_bytes,
                    "bound on the cache's verified chunks, least recently used evicted (default "
                    "10 GiB; 0 unbounded)");
  serve
      ->add_option("--mount-timeout", o->driver.mount_timeout_s,
                   "seconds a publish may take before it fails UNAVAILABLE (default 120)")
      ->check(CLI::Range(5, 3600));
  serve
      ->add_option("--trim-interval", o->trim_interval_s,
                   "seconds between cache trims (default 60; also after each publish)")
      ->check(CLI::Range(1, 86400));
  serve->callback([o, rc] { *rc = RunServe(*o); });
}

}  // namespace attestfs::cli

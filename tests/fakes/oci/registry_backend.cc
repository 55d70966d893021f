// Backends for parameterised registry tests; the docker-registry process fixture lives here.
#include "fakes/oci/registry_backend.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace attestfs::oci::testing {
namespace {

namespace fs = std::filesystem;

class FakeBackend final : public RegistryBackend {
 public:
  explicit FakeBackend(BackendKind kind) : kind_(kind) {
    if (kind == BackendKind::kFakeReferrersApi) fake_.SetReferrersApi(true);
    if (kind == BackendKind::kFakeBasic) fake_.RequireBasic("testuser", "testpass");
    if (kind == BackendKind::kFakeBearer) fake_.RequireBearer("testuser", "testpass");
  }
  std::string host() const override { return fake_.host(); }
  bool plain_http() const override { return true; }
  auth::Credential credential() const override {
    if (kind_ == BackendKind::kFakeBasic || kind_ == BackendKind::kFakeBearer) {
      return auth::Credential{"testuser", "testpass", "", ""};
    }
    return {};
  }
  bool referrers_api() const override { return kind_ == BackendKind::kFakeReferrersApi; }
  FakeRegistry* fake() override { return &fake_; }

 private:
  BackendKind kind_;
  FakeRegistry fake_;
};

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool PortOpen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

bool Executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

std::string Which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (Executable(dir + "/" + name)) return dir + "/" + name;
  }
  return "";
}

pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
            const std::string& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
  for (auto& e : extra_env) env_store.push_back(e);
  std::vector<char*> env;
  for (auto& e : env_store) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), env.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

void StopPid(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  int status;
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
}

class DockerBackend final : public RegistryBackend {
 public:
  ~DockerBackend() override {
    StopPid(registry_pid_);
    StopPid(token_pid_);
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  bool Start(BackendKind kind, const std::string& source_dir, std::string* why) {
    kind_ = kind;
    std::string tmpl_dir = source_dir + "/tests/integration/registry";
    std::string mode = kind == BackendKind::kDockerTls     ? "tls"
                       : kind == BackendKind::kDockerToken ? "token"
                                                           : "plain";
    char tmpl[] = "/tmp/afs-registry-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    {  // certs + htpasswd: cheap, and the same layout for every mode
      std::string cmd = tmpl_dir + "/make-certs.sh " + dir_ + " >" + dir_ + "/certs.log 2>&1";
      if (std::system(cmd.c_str()) != 0) {
        *why = "make-certs.sh failed (see " + dir_ + "/certs.log)";
        return false;
      }
    }
    port_ = FreePort();
    std::string realm;
    if (mode == "token") {
      int tport = FreePort();
      realm = "http://127.0.0.1:" + std::to_string(tport) + "/token";
      token_pid_ = Spawn({Which("node"), tmpl_dir + "/token-server.js"},
                         {"DIR=" + dir_, "PORT=" + std::to_string(tport)}, dir_ + "/token.log");
      if (!WaitPort(tport)) {
        *why = "token server did not start (see " + dir_ + "/token.log)";
        return false;
      }
    }
    std::ifstream in(tmpl_dir + "/" + mode + ".yml.in");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string cfg = ss.str();
    auto subst = [&](const std::string& k, const std::string& v) {
      for (size_t p; (p = cfg.find(k)) != std::string::npos;) cfg.replace(p, k.size(), v);
    };
    subst("@ROOT@", dir_);
    subst("@ADDR@", "127.0.0.1:" + std::to_string(port_));
    subst("@REALM@", realm);
    std::ofstream(dir_ + "/config.yml") << cfg;
    registry_pid_ = Spawn({"/usr/bin/docker-registry", "serve", dir_ + "/config.yml"}, {},
                          dir_ + "/registry.log");
    if (!WaitPort(port_)) {
      *why = "docker-registry did not start (see " + dir_ + "/registry.log)";
      return false;
    }
    return true;
  }

  std::string host() const override { return "127.0.0.1:" + std::to_string(port_); }
  bool plain_http() const override { return kind_ != BackendKind::kDockerTls; }
  std::string ca_file() const override {
    return kind_ == BackendKind::kDockerTls ? dir_ + "/tls/ca.crt" : "";
  }
  auth::Credential credential() const override {
    if (kind_ == BackendKind::kDockerPlain) return {};
    return auth::Credential{"testuser", "testpass", "", ""};
  }
  bool is_real() const override { return true; }

 private:
  bool WaitPort(int port) {
    for (int i = 0; i < 200; ++i) {
      if (PortOpen(port)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  BackendKind kind_ = BackendKind::kDockerPlain;
  std::string dir_;
  int port_ = 0;
  pid_t registry_pid_ = -1;
  pid_t token_pid_ = -1;
};

}  // namespace

std::string BackendName(BackendKind kind) {
  switch (kind) {
    case BackendKind::kFake:
      return "Fake";
    case BackendKind::kFakeReferrersApi:
      return "FakeReferrersApi";
    case BackendKind::kFakeBasic:
      return "FakeBasic";
    case BackendKind::kFakeBearer:
      return "FakeBearer";
    case BackendKind::kDockerPlain:
      return "DockerPlain";
    case BackendKind::kDockerTls:
      return "DockerTls";
    case BackendKind::kDockerToken:
      return "DockerToken";
  }
  return "Unknown";
}

bool InteropRequired() {
  const char* v = std::getenv("ATTESTFS_REQUIRE_INTEROP");
  return v && std::string(v) == "1";
}

std::unique_ptr<RegistryBackend> MakeBackend(BackendKind kind, const std::string& source_dir,
                                             std::string* skip_reason) {
  switch (kind) {
    case BackendKind::kFake:
    case BackendKind::kFakeReferrersApi:
    case BackendKind::kFakeBasic:
    case BackendKind::kFakeBearer:
      return std::make_unique<FakeBackend>(kind);
    default:
      break;
  }
  if (!Executable("/usr/bin/docker-registry")) {
    *skip_reason = "docker-registry is not installed (apt-get install docker-registry)";
    return nullptr;
  }
  for (const char* tool : {"openssl", "htpasswd"}) {
    if (Which(tool).empty()) {
      *skip_reason = std::string(tool) + " is not installed";
      return nullptr;
    }
  }
  if (kind == BackendKind::kDockerToken && Which("node").empty()) {
    *skip_reason = "node is not installed (needed for the token server)";
    return nullptr;
  }
  auto b = std::make_unique<DockerBackend>();
  if (!b->Start(kind, source_dir, skip_reason)) return nullptr;
  return b;
}

}  // namespace attestfs::oci::testing

// config.json / auth.json parsing and the credential-helper protocol (fork/exec with pipes).
#include "oci/auth/config_file_credential_store.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/json_depth.h"
#include "base/unique_fd.h"
#include "digest/base64.h"

namespace attestfs::oci::auth {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kDockerHubConfigKey = "https://index.docker.io/v1/";

bool IsDockerHub(std::string_view host) {
  return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io";
}

// "https://host:port/v1/" -> "host:port"
std::string NormalizeKey(std::string key) {
  if (auto p = key.find("://"); p != std::string::npos) key = key.substr(p + 3);
  if (auto s = key.find('/'); s != std::string::npos) key = key.substr(0, s);
  return key;
}

bool KeyMatches(const std::string& key, std::string_view host) {
  std::string k = NormalizeKey(key);
  if (k == host) return true;
  return IsDockerHub(host) && IsDockerHub(k);
}

std::string ServerAddress(std::string_view host) {
  return IsDockerHub(host) ? std::string(kDockerHubConfigKey) : std::string(host);
}

Result<Credential> FromAuthEntry(const Json& e, const std::string& file) {
  Credential c;
  if (!e.is_object()) return c;
  if (auto a = e.find("auth"); a != e.end() && a->is_string() && !a->get<std::string>().empty()) {
    auto raw = digest::Base64Decode(a->get<std::string>());
    if (!raw.ok()) return Error(Errc::kMalformed, file + ": auths entry 'auth' is not base64");
    auto colon = raw->find(':');
    if (colon == std::string::npos) {
      return Error(Errc::kMalformed, file + ": auths entry 'auth' is not user:password");
    }
    c.username = raw->substr(0, colon);
    c.password = raw->substr(colon + 1);
  }
  auto str = [&](const char* k) {
    auto it = e.find(k);
    return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (c.username.empty()) {
    c.username = str("username");
    c.password = str("password");
  }
  c.identity_token = str("identitytoken");
  c.registry_token = str("registrytoken");
  return c;
}

std::string FindHelper(const std::string& name, const std::string& search_path) {
  size_t s = 0;
  while (s <= search_path.size()) {
    size_t e = search_path.find(':', s);
    std::string dir = search_path.substr(s, e == std::string::npos ? std::string::npos : e - s);
    if (!dir.empty()) {
      std::string p = dir + "/docker-credential-" + name;
      if (::access(p.c_str(), X_OK) == 0) return p;
    }
    if (e == std::string::npos) break;
    s = e + 1;
  }
  return "";
}

}  // namespace

AuthFileEnvironment AuthFileEnvironment::FromProcess() {
  auto get = [](const char* n) {
    const char* v = std::getenv(n);
    return v ? std::string(v) : std::string();
  };
  return AuthFileEnvironment{get("HOME"), get("DOCKER_CONFIG"), get("XDG_RUNTIME_DIR"),
                             get("REGISTRY_AUTH_FILE"), get("PATH")};
}

std::vector<std::string> DefaultAuthFiles(const AuthFileEnvironment& env) {
  std::vector<std::string> files;
  if (!env.registry_auth_file.empty()) files.push_back(env.registry_auth_file);
  if (!env.xdg_runtime_dir.empty()) files.push_back(env.xdg_runtime_dir + "/containers/auth.json");
  if (!env.home.empty()) files.push_back(env.home + "/.config/containers/auth.json");
  if (!env.docker_config.empty()) {
    files.push_back(env.docker_config + "/config.json");
  } else if (!env.home.empty()) {
    files.push_back(env.home + "/.docker/config.json");
  }
  return files;
}

Result<Credential> ChainedCredentialStore::Lookup(std::string_view host) {
  for (auto& s : stores_) {
    AFS_ASSIGN_OR_RETURN(Credential c, s->Lookup(host));
    if (!c.empty()) return c;
  }
  return Credential{};
}

Result<Credential> ConfigFileCredentialStore::Lookup(std::string_view host) {
  for (const auto& file : files_) {
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) continue;
    AFS_ASSIGN_OR_RETURN(std::string text, ReadFileLimited(file, kMaxAuthFileBytes));
    if (Status d = CheckJsonDepth(text); !d.ok()) return d.error().Context("auth file " + file);
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Error(Errc::kMalformed, "auth file " + file + " is not a JSON object");
    }
    try {
      if (auto h = j.find("credHelpers"); h != j.end() && h->is_object()) {
        for (auto& [k, v] : h->items()) {
          if (KeyMatches(k, host) && v.is_string()) {
            return RunCredentialHelper(v.get<std::string>(), ServerAddress(host), helper_path_);
          }
        }
      }
      if (auto s = j.find("credsStore");
          s != j.end() && s->is_string() && !s->get<std::string>().empty()) {
        AFS_ASSIGN_OR_RETURN(Credential c, RunCredentialHelper(s->get<std::string>(),
                                                               ServerAddress(host), helper_path_));
        if (!c.empty()) return c;
      }
      if (auto a = j.find("auths"); a != j.end() && a->is_object()) {
        for (auto& [k, v] : a->items()) {
          if (!KeyMatches(k, host)) continue;
          AFS_ASSIGN_OR_RETURN(Credential c, FromAuthEntry(v, file));
          if (!c.empty()) return c;
        }
      }
    } catch (const std::exception& e) {
      return Error(Errc::kMalformed, "auth file " + file + ": " + e.what());
    }
  }
  return Credential{};
}

Result<Credential> RunCredentialHelper(const std::string& helper, const std::string& server,
                                       const std::string& search_path) {
  if (helper.find('/') != std::string::npos) {
    return Error(Errc::kInvalidArgument, "credential helper name '" + helper + "' contains '/'");
  }
  std::string exe = FindHelper(helper, search_path);
  if (exe.empty()) {
    return Error(Errc::kUnauthorized,
                 "credential helper docker-credential-" + helper + " not found in PATH");
  }
  int in[2], out[2];
  // stdin is a socket pair so the write can use MSG_NOSIGNAL (no process-wide SIGPIPE change).
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0) {
    return ErrnoError("socketpair", errno);
  }
  UniqueFd in_r(in[0]), in_w(in[1]);
  if (::pipe2(out, O_CLOEXEC) != 0) return ErrnoError("pipe", errno);
  UniqueFd out_r(out[0]), out_w(out[1]);
  pid_t pid = ::fork();
  if (pid < 0) return ErrnoError("fork", errno);
  if (pid == 0) {
    ::dup2(in_r.get(), 0);
    ::dup2(out_w.get(), 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    const char* argv[] = {exe.c_str(), "get", nullptr};
    ::execv(exe.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  in_r.Reset();
  out_w.Reset();
  std::string input = server + "\n";
  // The helper may exit without reading stdin; EPIPE is then ignored.
  (void)!::send(in_w.get(), input.data(), input.size(), MSG_NOSIGNAL);
  in_w.Reset();
  std::string output;
  char buf[4096];
  bool too_large = false;
  while (true) {
    ssize_t k = ::read(out_r.get(), buf, sizeof buf);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    if (output.size() + k > kMaxHelperOutputBytes) {
      too_large = true;
      break;
    }
    output.append(buf, static_cast<size_t>(k));
  }
  out_r.Reset();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (too_large)
    return Error(Errc::kTooLarge, "docker-credential-" + helper + " output over 1 MiB");
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    if (output.find("credentials not found") != std::string::npos) return Credential{};
    return Error(Errc::kUnauthorized, "docker-credential-" + helper + " get " + server +
                                          " failed: " + output.substr(0, 200));
  }
  if (Status d = CheckJsonDepth(output); !d.ok())
    return d.error().Context("docker-credential-" + helper + " output");
  Json j = Json::parse(output, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error(Errc::kMalformed, "docker-credential-" + helper + " printed no JSON object");
  }
  Credential c;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string user = str("Username"), secret = str("Secret");
  if (user == "<token>") {
    c.identity_token = secret;
  } else {
    c.username = user;
    c.password = secret;
  }
  return c;
}

}  // namespace attestfs::oci::auth

// ConfigFileCredentialStore: Docker config.json and containers auth.json (same "auths" format)
// plus credHelpers / credsStore through the docker-credential-<name> helper protocol.
// Lookup order per file: credHelpers[host] -> credsStore -> auths[host]; first file that has
// credentials wins. Files that do not exist are skipped.
#pragma once

#include <string>
#include <vector>

#include "oci/auth/credential_store.h"

namespace attestfs::oci::auth {

// A config/auth file larger than this is refused.
inline constexpr size_t kMaxAuthFileBytes = 1u << 20;
// A credential helper's stdout is read up to this size.
inline constexpr size_t kMaxHelperOutputBytes = 1u << 20;

struct AuthFileEnvironment {
  std::string home;                // $HOME
  std::string docker_config;       // $DOCKER_CONFIG (directory)
  std::string xdg_runtime_dir;     // $XDG_RUNTIME_DIR
  std::string registry_auth_file;  // $REGISTRY_AUTH_FILE (containers)
  std::string path;                // $PATH, searched for docker-credential-<name>

  static AuthFileEnvironment FromProcess();
};

// The default search list: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
// ~/.config/containers/auth.json, $DOCKER_CONFIG/config.json or ~/.docker/config.json.
std::vector<std::string> DefaultAuthFiles(const AuthFileEnvironment& env);

class ConfigFileCredentialStore final : public CredentialStore {
 public:
  // `files`: paths in priority order (--authfile passes exactly one). `helper_path`: the
  // PATH-style list searched for credential helpers.
  ConfigFileCredentialStore(std::vector<std::string> files, std::string helper_path)
      : files_(std::move(files)), helper_path_(std::move(helper_path)) {}
  Result<Credential> Lookup(std::string_view host) override;

 private:
  std::vector<std::string> files_;
  std::string helper_path_;
};

// Runs `docker-credential-<helper> get` with `server` on stdin (the helper protocol).
// "credentials not found" answers give an empty Credential; other failures kUnauthorized.
Result<Credential> RunCredentialHelper(const std::string& helper, const std::string& server,
                                       const std::string& search_path);

}  // namespace attestfs::oci::auth

// Credential and CredentialStore: where registry credentials come from. Implementations:
// StaticCredentialStore (--username/--password-stdin), ConfigFileCredentialStore (Docker
// config.json, containers auth.json, credential helpers). An empty Credential means anonymous.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::oci::auth {

struct Credential {
  std::string username;
  std::string password;
  std::string identity_token;  // OAuth2 refresh token (config.json "identitytoken")
  std::string registry_token;  // bearer token sent as is (config.json "registrytoken")
  bool empty() const {
    return username.empty() && password.empty() && identity_token.empty() && registry_token.empty();
  }
};

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  // Credentials for a registry host ("127.0.0.1:5000", "docker.io"); empty when none.
  virtual Result<Credential> Lookup(std::string_view host) = 0;
};

// The same credential for every host (or only for `host` when it is non-empty).
class StaticCredentialStore final : public CredentialStore {
 public:
  explicit StaticCredentialStore(Credential credential, std::string host = "")
      : credential_(std::move(credential)), host_(std::move(host)) {}
  Result<Credential> Lookup(std::string_view host) override {
    if (!host_.empty() && host != host_) return Credential{};
    return credential_;
  }

 private:
  Credential credential_;
  std::string host_;
};

// Tries stores in order; the first non-empty credential wins.
class ChainedCredentialStore final : public CredentialStore {
 public:
  void Add(std::unique_ptr<CredentialStore> store) { stores_.push_back(std::move(store)); }
  Result<Credential> Lookup(std::string_view host) override;

 private:
  std::vector<std::unique_ptr<CredentialStore>> stores_;
};

}  // namespace attestfs::oci::auth

// RegistryBackend: one registry a parameterised test runs against — the in-process FakeRegistry
// (plain, Basic, Bearer, referrers API on/off) or the real Debian docker-registry 2.8.2 started
// on a free loopback port (plain HTTP, TLS + htpasswd, token auth with token-server.js).
// The real ones are stopped by PID and their temp dirs removed in the destructor.
#pragma once

#include <memory>
#include <string>

#include "fakes/oci/fake_registry.h"
#include "oci/auth/credential_store.h"

namespace attestfs::oci::testing {

enum class BackendKind {
  kFake,
  kFakeReferrersApi,
  kFakeBasic,
  kFakeBearer,
  kDockerPlain,
  kDockerTls,
  kDockerToken,
};

std::string BackendName(BackendKind kind);

class RegistryBackend {
 public:
  virtual ~RegistryBackend() = default;
  virtual std::string host() const = 0;
  virtual bool plain_http() const = 0;
  virtual std::string ca_file() const { return ""; }
  virtual auth::Credential credential() const { return {}; }
  virtual bool referrers_api() const { return false; }
  virtual FakeRegistry* fake() { return nullptr; }
  virtual bool is_real() const { return false; }
};

// Creates the backend. For docker kinds, returns null and sets *skip_reason when docker-registry
// (or node, openssl, htpasswd) is missing; `source_dir` locates tests/integration/registry.
std::unique_ptr<RegistryBackend> MakeBackend(BackendKind kind, const std::string& source_dir,
                                             std::string* skip_reason);

// True when ATTESTFS_REQUIRE_INTEROP=1 (missing peers then fail instead of skipping).
bool InteropRequired();

}  // namespace attestfs::oci::testing

// RegistryConnection: builds the whole client stack from CLI-level options in one call —
// CurlHttpClient (TLS: system store or --ca-file) -> credentials (--username/--password-stdin,
// --authfile, or the default Docker/containers auth files + credential helpers) ->
// RegistryClient (--plain-http) -> ReferrersClient. Owns them; not copyable or movable (the
// clients hold references to each other). Create one per process (the mount daemon: after fork).
#pragma once

#include <memory>
#include <string>

#include "oci/auth/credential_store.h"
#include "oci/http/curl_http_client.h"
#include "oci/referrers_client.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

struct ConnectionOptions {
  bool plain_http = false;  // --plain-http
  std::string ca_file;      // --ca-file
  std::string authfile;     // --authfile (replaces the default search list)
  std::string username;     // --username (with password from --password-stdin)
  std::string password;
  http::HttpClientOptions http;  // timeouts, retries (ca_file above wins)
  RegistryOptions registry;      // parallelism, chunking (plain_http above wins)
};

class RegistryConnection {
 public:
  // Never fails at construction: credential files are read lazily on first use.
  explicit RegistryConnection(const ConnectionOptions& options);
  RegistryConnection(const RegistryConnection&) = delete;
  RegistryConnection& operator=(const RegistryConnection&) = delete;

  RegistryClient& registry() { return *registry_; }
  ReferrersClient& referrers() { return *referrers_; }
  http::TransferStats Stats() const { return http_->Stats(); }

 private:
  std::unique_ptr<http::CurlHttpClient> http_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::unique_ptr<RegistryClient> registry_;
  std::unique_ptr<ReferrersClient> referrers_;
};

}  // namespace attestfs::oci

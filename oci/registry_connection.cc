// RegistryConnection: option plumbing only.
#include "oci/registry_connection.h"

#include "oci/auth/config_file_credential_store.h"

namespace attestfs::oci {

RegistryConnection::RegistryConnection(const ConnectionOptions& options) {
  http::HttpClientOptions ho = options.http;
  if (!options.ca_file.empty()) ho.ca_file = options.ca_file;
  http_ = std::make_unique<http::CurlHttpClient>(ho);
  auto env = auth::AuthFileEnvironment::FromProcess();
  if (!options.username.empty()) {
    credentials_ = std::make_unique<auth::StaticCredentialStore>(
        auth::Credential{options.username, options.password, "", ""});
  } else if (!options.authfile.empty()) {
    credentials_ = std::make_unique<auth::ConfigFileCredentialStore>(
        std::vector<std::string>{options.authfile}, env.path);
  } else {
    credentials_ =
        std::make_unique<auth::ConfigFileCredentialStore>(auth::DefaultAuthFiles(env), env.path);
  }
  RegistryOptions ro = options.registry;
  ro.plain_http = options.plain_http;
  registry_ = std::make_unique<RegistryClient>(*http_, credentials_.get(), ro);
  referrers_ = std::make_unique<ReferrersClient>(*registry_);
}

}  // namespace attestfs::oci

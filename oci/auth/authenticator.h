// Authenticator: the auth layer between the registry client and HttpClient. Sends a request,
// answers a 401 challenge once (Basic, or the Bearer token flow: realm?service=&scope=, token
// cache keyed by host+scopes, refresh on 401), and returns whatever the retried request got —
// so a registry that answers 401 forever costs two requests, never a loop.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "oci/auth/credential_store.h"
#include "oci/http/http_client.h"

namespace attestfs::oci::auth {

// A token response larger than this is refused.
inline constexpr size_t kMaxTokenResponseBytes = 1u << 20;
// Tokens without expires_in live 60 s (distribution token spec); we refresh this early.
inline constexpr std::chrono::seconds kTokenRefreshMargin{10};

struct AuthOptions {
  // Send Basic credentials or use an http:// token realm without TLS (--plain-http).
  bool allow_insecure = false;
  std::string client_id = "attestfs";
};

class Authenticator {
 public:
  // `credentials` may be null (anonymous only); both must outlive the Authenticator.
  Authenticator(http::HttpClient& http, CredentialStore* credentials, AuthOptions options = {});

  // `host` is the registry host[:port]; `scopes` like "repository:team/m:pull,push".
  Result<http::HttpResponse> Send(const http::HttpRequest& request, const std::string& host,
                                  const std::vector<std::string>& scopes);

  // Forgets cached tokens (tests; a new login).
  void ClearTokens();

 private:
  struct HostAuth {
    std::string scheme;  // "", "basic", "bearer"
    std::string realm;
    std::string service;
  };
  struct Token {
    std::string value;
    std::chrono::steady_clock::time_point expiry;
  };

  Result<Credential> CredentialFor(const std::string& host);
  Result<std::string> FetchToken(const std::string& host, const HostAuth& ha,
                                 const std::vector<std::string>& scopes, const Credential& cred);
  Status Attach(http::HttpRequest& req, const std::string& host, const HostAuth& ha,
                const std::vector<std::string>& scopes, const Credential& cred, bool refresh);

  http::HttpClient& http_;
  CredentialStore* credentials_;
  AuthOptions options_;
  Mutex mu_;
  std::map<std::string, HostAuth> hosts_ AFS_GUARDED_BY(mu_);
  std::map<std::string, Token> tokens_ AFS_GUARDED_BY(mu_);
  std::map<std::string, Credential> creds_ AFS_GUARDED_BY(mu_);
};

}  // namespace attestfs::oci::auth

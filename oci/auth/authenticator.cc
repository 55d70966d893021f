// Challenge handling and the distribution token flow (docs/spec/auth/token.md, oauth.md).
#include "oci/auth/authenticator.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/base64.h"
#include "oci/auth/challenge.h"
#include "oci/http/url.h"
#include "oci/registry_error.h"

namespace attestfs::oci::auth {
namespace {

using Json = nlohmann::json;

std::string TokenKey(const std::string& host, const std::vector<std::string>& scopes) {
  std::string k = host;
  for (auto& s : scopes) k += "|" + s;
  return k;
}

std::vector<std::string> MergeScopes(std::vector<std::string> scopes, const std::string& extra) {
  size_t s = 0;
  while (s < extra.size()) {
    size_t e = extra.find(' ', s);
    std::string one = extra.substr(s, e == std::string::npos ? std::string::npos : e - s);
    if (!one.empty() && std::find(scopes.begin(), scopes.end(), one) == scopes.end()) {
      scopes.push_back(one);
    }
    if (e == std::string::npos) break;
    s = e + 1;
  }
  std::sort(scopes.begin(), scopes.end());
  return scopes;
}

std::string BasicHeader(const Credential& c) {
  return "Basic " + digest::Base64Encode(c.username + ":" + c.password);
}

}  // namespace

Authenticator::Authenticator(http::HttpClient& http, CredentialStore* credentials,
                             AuthOptions options)
    : http_(http), credentials_(credentials), options_(std::move(options)) {}

void Authenticator::ClearTokens() {
  MutexLock lock(mu_);
  tokens_.clear();
}

Result<Credential> Authenticator::CredentialFor(const std::string& host) {
  {
    MutexLock lock(mu_);
    if (auto it = creds_.find(host); it != creds_.end()) return it->second;
  }
  Credential c;
  if (credentials_) {
    auto r = credentials_->Lookup(host);
    if (!r.ok()) return r.error().Context("credentials for " + host);
    c = *r;
  }
  MutexLock lock(mu_);
  creds_[host] = c;
  return c;
}

Result<std::string> Authenticator::FetchToken(const std::string& host, const HostAuth& ha,
                                              const std::vector<std::string>& scopes,
                                              const Credential& cred) {
  if (!cred.registry_token.empty()) return cred.registry_token;
  bool https = ha.realm.rfind("https://", 0) == 0;
  if (!https && !(ha.realm.rfind("http://", 0) == 0 && options_.allow_insecure)) {
    return Error(Errc::kUnauthorized, "token realm '" + ha.realm + "' of " + host +
                                          " is not https (use --plain-http to allow http)");
  }
  http::HttpRequest req;
  req.max_body_bytes = kMaxTokenResponseBytes;
  if (!cred.identity_token.empty()) {
    // OAuth2 refresh-token grant (oauth.md): POST form, scopes space-separated.
    req.method = "POST";
    req.url = ha.realm;
    std::string joined;
    for (auto& s : scopes) joined += (joined.empty() ? "" : " ") + s;
    req.body = "grant_type=refresh_token&refresh_token=" + http::UrlEncode(cred.identity_token) +
               "&client_id=" + http::UrlEncode(options_.client_id) +
               "&service=" + http::UrlEncode(ha.service) + "&scope=" + http::UrlEncode(joined);
    req.headers.Add("Content-Type", "application/x-www-form-urlencoded");
  } else {
    req.url = ha.realm;
    if (!ha.service.empty()) req.url = http::AppendQuery(req.url, "service", ha.service);
    for (auto& s : scopes) req.url = http::AppendQuery(req.url, "scope", s);
    if (!cred.username.empty()) req.headers.Add("Authorization", BasicHeader(cred));
  }
  AFS_ASSIGN_OR_RETURN(http::HttpResponse resp, http_.Send(req));
  if (resp.status != 200) {
    Error e = RegistryError(resp, {http::UrlHost(ha.realm), "", "", "token request for " + host});
    if (resp.status == 401 || resp.status == 403) {
      return Error(
          Errc::kUnauthorized,
          e.message() + (cred.username.empty() ? " (anonymous)" : " (user " + cred.username + ")"));
    }
    return e;
  }
  if (Status d = CheckJsonDepth(resp.body); !d.ok())
    return d.error().Context("token response from " + ha.realm);
  Json j = Json::parse(resp.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error(Errc::kMalformed, "token response from " + ha.realm + " is not a JSON object");
  }
  std::string token;
  for (const char* k : {"token", "access_token"}) {
    if (auto it = j.find(k); it != j.end() && it->is_string() && !it->get<std::string>().empty()) {
      token = it->get<std::string>();
      break;
    }
  }
  if (token.empty())
    return Error(Errc::kMalformed, "token response from " + ha.realm + " has no token");
  int64_t expires = 60;
  if (auto it = j.find("expires_in"); it != j.end() && it->is_number_integer()) {
    expires = std::max<int64_t>(60, it->get<int64_t>());
  }
  MutexLock lock(mu_);
  tokens_[TokenKey(host, scopes)] =
      Token{token,
            std::chrono::steady_clock::now() + std::chrono::seconds(expires) - kTokenRefreshMargin};
  return token;
}

Status Authenticator::Attach(http::HttpRequest& req, const std::string& host, const HostAuth& ha,
                             const std::vector<std::string>& scopes, const Credential& cred,
                             bool refresh) {
  if (ha.scheme == "bearer") {
    std::string token;
    if (!refresh) {
      MutexLock lock(mu_);
      auto it = tokens_.find(TokenKey(host, scopes));
      if (it != tokens_.end() && it->second.expiry > std::chrono::steady_clock::now()) {
        token = it->second.value;
      }
    }
    if (token.empty()) {
      AFS_ASSIGN_OR_RETURN(token, FetchToken(host, ha, scopes, cred));
    }
    req.headers.Add("Authorization", "Bearer " + token);
  } else if (ha.scheme == "basic" && !cred.username.empty()) {
    req.headers.Add("Authorization", BasicHeader(cred));
  }
  return OkStatus();
}

Result<http::HttpResponse> Authenticator::Send(const http::HttpRequest& request,
                                               const std::string& host,
                                               const std::vector<std::string>& scopes_in) {
  std::vector<std::string> scopes = MergeScopes(scopes_in, "");
  AFS_ASSIGN_OR_RETURN(Credential cred, CredentialFor(host));
  HostAuth ha;
  {
    MutexLock lock(mu_);
    if (auto it = hosts_.find(host); it != hosts_.end()) ha = it->second;
  }
  http::HttpRequest first = request;
  AFS_TRY(Attach(first, host, ha, scopes, cred, /*refresh=*/false));
  AFS_ASSIGN_OR_RETURN(http::HttpResponse resp, http_.Send(first));
  if (resp.status != 401) return resp;

  // One answer to the challenge; a second 401 goes back to the caller as is.
  auto values = resp.headers.GetAll("WWW-Authenticate");
  std::vector<Challenge> challenges;
  for (auto& v : values) {
    auto parsed = ParseWwwAuthenticate(v);
    if (parsed.ok()) challenges.insert(challenges.end(), parsed->begin(), parsed->end());
  }
  const Challenge* pick = nullptr;
  for (auto& c : challenges) {
    if (c.scheme == "bearer") pick = &c;
  }
  for (auto& c : challenges) {
    if (!pick && c.scheme == "basic") pick = &c;
  }
  if (!pick) return resp;
  HostAuth next{pick->scheme, pick->Param("realm"), pick->Param("service")};
  {
    MutexLock lock(mu_);
    hosts_[host] = next;
  }
  std::vector<std::string> want = scopes;
  if (next.scheme == "bearer") {
    if (next.realm.empty())
      return Error(Errc::kMalformed, host + ": Bearer challenge without realm");
    want = MergeScopes(scopes, pick->Param("scope"));
  } else {
    if (cred.username.empty()) return resp;
    bool tls = request.url.rfind("https://", 0) == 0;
    if (!tls && !options_.allow_insecure) {
      return Error(Errc::kUnauthorized, host +
                                            " asks for Basic credentials over plain HTTP "
                                            "(use --plain-http to allow)");
    }
  }
  http::HttpRequest second = request;
  AFS_TRY(Attach(second, host, next, want, cred, /*refresh=*/true));
  AFS_ASSIGN_OR_RETURN(http::HttpResponse again, http_.Send(second));
  if (next.scheme == "bearer" && want != scopes) {
    // Remember the token under the requested scopes too, so the next request reuses it.
    MutexLock lock(mu_);
    if (auto it = tokens_.find(TokenKey(host, want)); it != tokens_.end()) {
      tokens_[TokenKey(host, scopes)] = it->second;
    }
  }
  return again;
}

}  // namespace attestfs::oci::auth

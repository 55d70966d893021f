// RegistryClient: request plumbing, manifests and tags. Blob transfers are in blob_transfer.cc.
#include "oci/registry_client.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/sha256_hasher.h"
#include "oci/http/url.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/registry_error.h"

namespace attestfs::oci {
namespace {

using Json = nlohmann::json;

std::string BareType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

// Link: <url>; rel="next"
std::string NextLink(const http::HttpResponse& r) {
  auto link = r.headers.Get("Link");
  if (!link || link->find("rel=\"next\"") == std::string::npos) return "";
  size_t a = link->find('<'), b = link->find('>');
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return http::ResolveLocation(r.url, link->substr(a + 1, b - a - 1));
}

}  // namespace

RegistryClient::RegistryClient(http::HttpClient& http, auth::CredentialStore* credentials,
                               RegistryOptions options)
    : http_(http),
      options_(options),
      auth_(http, credentials, auth::AuthOptions{options.plain_http, "attestfs"}) {}

RegistryClient::~RegistryClient() = default;

std::string RegistryClient::RepoUrl(const Reference& repo) const {
  return std::string(options_.plain_http ? "http://" : "https://") + repo.ApiHost() + "/v2/" +
         repo.repository;
}

Result<http::HttpResponse> RegistryClient::Send(const Reference& repo, const http::HttpRequest& req,
                                                Access access,
                                                const std::vector<std::string>& extra_scopes) {
  std::vector<std::string> scopes = extra_scopes;
  scopes.push_back("repository:" + repo.repository +
                   (access == Access::kPush ? ":pull,push" : ":pull"));
  return auth_.Send(req, repo.ApiHost(), scopes);
}

Result<FetchedManifest> RegistryClient::FetchManifest(const Reference& ref) {
  const std::string id = ref.Identifier();
  RegistryErrorContext ctx{ref.registry, ref.repository, id, "fetch manifest"};
  http::HttpRequest req;
  req.url = RepoUrl(ref) + "/manifests/" + id;
  req.headers.Add("Accept", std::string(kManifestAccept));
  req.max_body_bytes = kMaxManifestBytes;
  auto sent = Send(ref, req, Access::kPull);
  if (!sent.ok()) {
    Error e = sent.error();
    if (e.code() == Errc::kTooLarge) {
      return Error(Errc::kTooLarge, "fetch manifest " + ref.ToString() + ": over the 4 MiB limit");
    }
    return e.Context("fetch manifest " + ref.ToString());
  }
  http::HttpResponse& resp = *sent;
  if (resp.status != 200) return RegistryError(resp, ctx);
  FetchedManifest out;
  out.bytes = std::move(resp.body);
  out.descriptor.digest = digest::Sha256(out.bytes);
  out.descriptor.size = static_cast<int64_t>(out.bytes.size());
  if (ref.digest && *ref.digest != out.descriptor.digest) {
    return Error(Errc::kVerificationFailed, "fetch manifest " + ref.ToString() +
                                                ": content digest is " +
                                                out.descriptor.digest.ToString());
  }
  if (auto dcd = resp.headers.Get("Docker-Content-Digest"); dcd && dcd->rfind("sha256:", 0) == 0) {
    if (*dcd != out.descriptor.digest.ToString()) {
      return Error(Errc::kVerificationFailed,
                   "fetch manifest " + ref.ToString() + ": Docker-Content-Digest " + *dcd +
                       " does not match the content " + out.descriptor.digest.ToString());
    }
  }
  std::string ct = BareType(resp.headers.Get("Content-Type").value_or(""));
  auto kind = DetectManifestKind(out.bytes, ct);
  if (!kind.ok()) return kind.error().Context("fetch manifest " + ref.ToString());
  switch (*kind) {
    case ManifestKind::kImageManifest:
      out.descriptor.media_type = ct == kDockerManifest ? ct : std::string(kOciManifest);
      break;
    case ManifestKind::kImageIndex:
      out.descriptor.media_type = ct == kDockerManifestList ? ct : std::string(kOciIndex);
      break;
    case ManifestKind::kUnknown:
      return Error(Errc::kUnsupported,
                   "fetch manifest " + ref.ToString() + ": unsupported media type '" + ct + "'");
  }
  return out;
}

Result<Descriptor> RegistryClient::ResolveManifest(const Reference& ref) {
  const std::string id = ref.Identifier();
  http::HttpRequest req;
  req.method = "HEAD";
  req.url = RepoUrl(ref) + "/manifests/" + id;
  req.headers.Add("Accept", std::string(kManifestAccept));
  auto sent = Send(ref, req, Access::kPull);
  if (!sent.ok()) return sent.error().Context("resolve " + ref.ToString());
  if (sent->status != 200) {
    return RegistryError(*sent, {ref.registry, ref.repository, id, "resolve manifest"});
  }
  auto dcd = sent->headers.Get("Docker-Content-Digest");
  auto len_or = sent->headers.ContentLength();
  if (!len_or.ok()) return len_or.error().Context("resolve " + ref.ToString());
  auto len = *len_or;
  if (!dcd || !len) {
    // Some registries omit the digest on HEAD: fall back to a verified GET.
    AFS_ASSIGN_OR_RETURN(FetchedManifest m, FetchManifest(ref));
    return m.descriptor;
  }
  Descriptor d;
  auto parsed = digest::Digest::Parse(*dcd);
  if (!parsed.ok()) return parsed.error().Context("resolve " + ref.ToString());
  if (ref.digest && *ref.digest != *parsed) {
    return Error(Errc::kVerificationFailed,
                 "resolve " + ref.ToString() + ": registry answered " + *dcd);
  }
  d.digest = *parsed;
  d.size = *len;
  if (d.size < 0 || static_cast<uint64_t>(d.size) > kMaxManifestBytes) {
    return Error(Errc::kTooLarge, "resolve " + ref.ToString() + ": manifest over 4 MiB");
  }
  d.media_type = BareType(sent->headers.Get("Content-Type").value_or(std::string(kOciManifest)));
  return d;
}

Result<PushedManifest> RegistryClient::PushManifest(const Reference& ref, std::string_view bytes,
                                                    std::string_view media_type) {
  if (bytes.size() > kMaxManifestBytes) {
    return Error(Errc::kTooLarge, "push manifest " + ref.ToString() + ": " +
                                      std::to_string(bytes.size()) + " bytes, over 4 MiB");
  }
  PushedManifest out;
  out.descriptor = DescribeBytes(media_type, bytes);
  std::string id = ref.tag.empty() ? out.descriptor.digest.ToString() : ref.tag;
  if (ref.tag.empty() && ref.digest && *ref.digest != out.descriptor.digest) {
    return Error(Errc::kInvalidArgument, "push manifest: bytes do not match " + ref.ToString());
  }
  http::HttpRequest req;
  req.method = "PUT";
  req.url = RepoUrl(ref) + "/manifests/" + id;
  req.headers.Add("Content-Type", std::string(media_type));
  req.body = std::string(bytes);
  auto sent = Send(ref, req, Access::kPush);
  if (!sent.ok()) return sent.error().Context("push manifest " + ref.RepositoryName() + ":" + id);
  if (sent->status != 201 && sent->status != 200) {
    return RegistryError(*sent, {ref.registry, ref.repository, id, "push manifest"});
  }
  if (auto dcd = sent->headers.Get("Docker-Content-Digest");
      dcd && *dcd != out.descriptor.digest.ToString()) {
    return Error(Errc::kVerificationFailed, "push manifest " + ref.RepositoryName() + ":" + id +
                                                ": registry stored digest " + *dcd + ", expected " +
                                                out.descriptor.digest.ToString());
  }
  out.oci_subject_header = sent->headers.Get("OCI-Subject").has_value();
  return out;
}

Status RegistryClient::DeleteManifest(const Reference& repo, const digest::Digest& d) {
  http::HttpRequest req;
  req.method = "DELETE";
  req.url = RepoUrl(repo) + "/manifests/" + d.ToString();
  auto sent = Send(repo, req, Access::kPush, {"repository:" + repo.repository + ":delete"});
  if (!sent.ok()) return sent.error().Context("delete manifest");
  if (sent->status != 202 && sent->status != 200) {
    return RegistryError(*sent, {repo.registry, repo.repository, d.ToString(), "delete manifest"});
  }
  return OkStatus();
}

Result<std::vector<std::string>> RegistryClient::ListTags(const Reference& repo) {
  std::vector<std::string> tags;
  std::string url = RepoUrl(repo) + "/tags/list?n=1000";
  for (int page = 0; page < kMaxTagListPages && !url.empty(); ++page) {
    http::HttpRequest req;
    req.url = url;
    req.max_body_bytes = kMaxTagListBytes;
    auto sent = Send(repo, req, Access::kPull);
    if (!sent.ok()) return sent.error().Context("list tags of " + repo.RepositoryName());
    if (sent->status == 404 && RegistryErrorCode(sent->body) == "NAME_UNKNOWN") return tags;
    if (sent->status != 200) {
      return RegistryError(*sent, {repo.registry, repo.repository, "", "list tags"});
    }
    if (Status d = CheckJsonDepth(sent->body); !d.ok())
      return d.error().Context("list tags of " + repo.RepositoryName());
    Json j = Json::parse(sent->body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Error(Errc::kMalformed, "list tags of " + repo.RepositoryName() + ": not JSON");
    }
    if (auto t = j.find("tags"); t != j.end() && t->is_array()) {
      for (auto& v : *t) {
        if (v.is_string()) tags.push_back(v.get<std::string>());
      }
    }
    url = NextLink(*sent);
  }
  return tags;
}

}  // namespace attestfs::oci

// FakeRegistry request handling (distribution-spec endpoints + 2.8.2 quirks + referrers API).
#include "fakes/oci/fake_registry.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "digest/base64.h"
#include "digest/sha256_hasher.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci::testing {
namespace {

using Json = nlohmann::json;

FakeResponse JsonError(int status, const std::string& code, const std::string& message,
                       const std::string& detail = "") {
  FakeResponse r;
  r.status = status;
  r.Set("Content-Type", "application/json; charset=utf-8");
  Json e = {
      {"code", code}, {"message", message}, {"detail", detail.empty() ? Json() : Json(detail)}};
  r.body = Json{{"errors", Json::array({e})}}.dump();
  return r;
}

FakeResponse NotFoundPage() {
  FakeResponse r;
  r.status = 404;
  r.Set("Content-Type", "text/plain; charset=utf-8");
  r.body = "404 page not found\n";
  return r;
}

bool IsOciType(const std::string& t) { return t == kOciManifest || t == kOciIndex; }

std::string Hex(const std::string& dg) { return dg.substr(dg.find(':') + 1); }

}  // namespace

FakeRegistry::FakeRegistry() {
  server_ =
      std::make_unique<LoopbackHttpServer>([this](const FakeRequest& r) { return Handle(r); });
}

FakeRegistry::~FakeRegistry() { server_->Stop(); }

void FakeRegistry::SetReferrersApi(bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  referrers_api_ = enabled;
}

void FakeRegistry::SetBlobRedirect(const std::string& base_url) {
  std::lock_guard<std::mutex> lock(mu_);
  blob_redirect_ = base_url;
}

void FakeRegistry::RevokeTokens() {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_.clear();
}

void FakeRegistry::AcceptRefreshToken(const std::string& refresh_token) {
  std::lock_guard<std::mutex> lock(mu_);
  refresh_token_ = refresh_token;
}

void FakeRegistry::SetReferrersPaging(size_t page_size, bool apply_filter) {
  std::lock_guard<std::mutex> lock(mu_);
  referrers_page_size_ = page_size;
  referrers_filter_ = apply_filter;
}

void FakeRegistry::RequireBasic(const std::string& user, const std::string& password) {
  std::lock_guard<std::mutex> lock(mu_);
  auth_mode_ = "basic";
  user_ = user;
  password_ = password;
}

void FakeRegistry::RequireBearer(const std::string& user, const std::string& password) {
  std::lock_guard<std::mutex> lock(mu_);
  auth_mode_ = "bearer";
  user_ = user;
  password_ = password;
}

void FakeRegistry::InjectFault(const std::string& match, Fault fault, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back({match, fault, times});
}

std::vector<std::string> FakeRegistry::Log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

int FakeRegistry::Count(const std::string& match) const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(std::count_if(log_.begin(), log_.end(), [&](const std::string& l) {
    return l.find(match) != std::string::npos;
  }));
}

void FakeRegistry::ClearLog() {
  std::lock_guard<std::mutex> lock(mu_);
  log_.clear();
}

bool FakeRegistry::HasBlob(const std::string& repo, const std::string& digest) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = repos_.find(repo);
  return it != repos_.end() && it->second.blobs.count(digest);
}

bool FakeRegistry::HasManifest(const std::string& repo, const std::string& digest) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = repos_.find(repo);
  return it != repos_.end() && it->second.manifests.count(digest);
}

std::string FakeRegistry::TagDigest(const std::string& repo, const std::string& tag) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = repos_.find(repo);
  if (it == repos_.end()) return "";
  auto t = it->second.tags.find(tag);
  return t == it->second.tags.end() ? "" : t->second;
}

void FakeRegistry::PutBlob(const std::string& repo, const std::string& bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  repos_[repo].blobs[digest::Sha256(bytes).ToString()] = bytes;
}

std::string FakeRegistry::PutManifestRaw(const std::string& repo, const std::string& tag,
                                         const std::string& bytes, const std::string& media_type) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string dg = digest::Sha256(bytes).ToString();
  repos_[repo].manifests[dg] = {bytes, media_type};
  if (!tag.empty()) repos_[repo].tags[tag] = dg;
  return dg;
}

bool FakeRegistry::TakeFault(const std::string& key, Fault* fault) {
  for (auto& f : faults_) {
    if (f.remaining > 0 && key.find(f.match) != std::string::npos) {
      --f.remaining;
      *fault = f.fault;
      return true;
    }
  }
  return false;
}

FakeResponse FakeRegistry::HandleToken(const FakeRequest& req) {
  std::string auth = req.Header("authorization");
  bool authed = false;
  if (req.method == "POST") {
    // OAuth2 form: grant_type=refresh_token&refresh_token=...&scope=<space-separated>
    std::multimap<std::string, std::string> form;
    size_t s = 0;
    while (s <= req.body.size()) {
      size_t amp = req.body.find('&', s);
      std::string kv = req.body.substr(s, amp == std::string::npos ? std::string::npos : amp - s);
      size_t eq = kv.find('=');
      if (eq != std::string::npos) form.emplace(kv.substr(0, eq), UrlDecode(kv.substr(eq + 1)));
      if (amp == std::string::npos) break;
      s = amp + 1;
    }
    auto get = [&](const std::string& k) {
      auto it = form.find(k);
      return it == form.end() ? std::string() : it->second;
    };
    if (get("grant_type") != "refresh_token" || refresh_token_.empty() ||
        get("refresh_token") != refresh_token_ || get("client_id").empty()) {
      return JsonError(401, "UNAUTHORIZED", "bad refresh token");
    }
    std::string token = "oauth" + std::to_string(++next_id_);
    std::string scopes = get("scope");
    for (size_t p = 0; p <= scopes.size();) {
      size_t sp = scopes.find(' ', p);
      std::string one = scopes.substr(p, sp == std::string::npos ? std::string::npos : sp - p);
      size_t a = one.find(':'), b = one.rfind(':');
      if (a != std::string::npos && a != b) {
        for (const char* act : {"pull", "push"})
          tokens_[token][one.substr(a + 1, b - a - 1)].insert(act);
      }
      if (sp == std::string::npos) break;
      p = sp + 1;
    }
    FakeResponse r;
    r.Set("Content-Type", "application/json");
    r.body = Json{{"access_token", token}, {"expires_in", 300}}.dump();
    return r;
  }
  if (auth.rfind("Basic ", 0) == 0) {
    auto raw = digest::Base64Decode(auth.substr(6));
    if (!raw.ok() || *raw != user_ + ":" + password_) {
      return JsonError(401, "UNAUTHORIZED", "bad credentials");
    }
    authed = true;
  }
  std::string token = "tok" + std::to_string(++next_id_);
  auto& grants = tokens_[token];
  for (auto it = req.query_all.lower_bound("scope"); it != req.query_all.upper_bound("scope");
       ++it) {
    // repository:<name>:<actions>; the name may not contain ':' here (no ports in repo names).
    const std::string& s = it->second;
    size_t a = s.find(':'), b = s.rfind(':');
    if (a == std::string::npos || a == b || s.substr(0, a) != "repository") continue;
    std::string name = s.substr(a + 1, b - a - 1), acts = s.substr(b + 1);
    size_t p = 0;
    while (p <= acts.size()) {
      size_t c = acts.find(',', p);
      std::string act = acts.substr(p, c == std::string::npos ? std::string::npos : c - p);
      if (act == "pull" || (authed && (act == "push" || act == "delete"))) grants[name].insert(act);
      if (c == std::string::npos) break;
      p = c + 1;
    }
  }
  FakeResponse r;
  r.Set("Content-Type", "application/json");
  r.body = Json{{"token", token}, {"expires_in", 300}}.dump();
  return r;
}

bool FakeRegistry::Authorized(const FakeRequest& req, const std::string& repo, bool push,
                              FakeResponse* out) {
  std::string key = req.method + " " + req.path;
  Fault f;
  bool forced = false;
  for (auto& rule : faults_) {
    if (rule.fault == Fault::kUnauthorized && rule.remaining > 0 &&
        key.find(rule.match) != std::string::npos) {
      --rule.remaining;
      forced = true;
    }
  }
  (void)f;
  std::string scope = "repository:" + repo + ":" + (push ? "pull,push" : "pull");
  auto challenge = [&] {
    *out = JsonError(401, "UNAUTHORIZED", "authentication required");
    if (auth_mode_ == "bearer") {
      out->Set("WWW-Authenticate", "Bearer realm=\"" + server_->base_url() +
                                       "/token\",service=\"fake-registry\",scope=\"" + scope +
                                       "\"");
    } else {
      out->Set("WWW-Authenticate", "Basic realm=\"fake-realm\"");
    }
    return false;
  };
  if (forced) {
    if (auth_mode_.empty()) {
      *out = JsonError(401, "UNAUTHORIZED", "authentication required");
      out->Set("WWW-Authenticate", "Basic realm=\"fake-realm\"");
      return false;
    }
    return challenge();
  }
  if (auth_mode_.empty()) return true;
  std::string auth = req.Header("authorization");
  if (auth_mode_ == "basic") {
    if (auth.rfind("Basic ", 0) != 0) return challenge();
    auto raw = digest::Base64Decode(auth.substr(6));
    if (!raw.ok() || *raw != user_ + ":" + password_) return challenge();
    return true;
  }
  if (auth.rfind("Bearer ", 0) != 0) return challenge();
  auto t = tokens_.find(auth.substr(7));
  if (t == tokens_.end()) return challenge();
  auto g = t->second.find(repo);
  if (g == t->second.end() || !g->second.count("pull") || (push && !g->second.count("push"))) {
    return challenge();
  }
  return true;
}

FakeResponse FakeRegistry::Handle(const FakeRequest& req) {
  std::lock_guard<std::mutex> lock(mu_);
  log_.push_back(req.method + " " + req.target);
  if (req.path == "/token") return HandleToken(req);
  if (req.path == "/v2/" || req.path == "/v2") {
    FakeResponse r;
    if (!Authorized(req, "", false, &r) && auth_mode_ != "bearer") return r;
    r = FakeResponse{};
    r.body = "{}";
    return r;
  }
  if (req.path.rfind("/v2/", 0) != 0) return NotFoundPage();
  std::string rest = req.path.substr(4);
  std::string repo, kind, tail;
  for (const char* k : {"/blobs/uploads", "/blobs/", "/manifests/", "/tags/list", "/referrers/"}) {
    size_t p = rest.rfind(k);
    if (p != std::string::npos && p > 0) {
      repo = rest.substr(0, p);
      kind = k;
      tail = rest.substr(p + std::string(k).size());
      break;
    }
  }
  if (kind.empty()) return NotFoundPage();
  if (kind == "/referrers/" && !referrers_api_) return NotFoundPage();
  bool push = !(req.method == "GET" || req.method == "HEAD");
  FakeResponse denied;
  if (!Authorized(req, repo, push, &denied)) return denied;

  Fault fault;
  if (TakeFault(req.method + " " + req.path, &fault)) {
    if (fault == Fault::kServerError) return JsonError(500, "UNKNOWN", "injected failure");
    if (fault == Fault::kLoseWrite && req.method == "PUT" && kind == "/manifests/") {
      FakeResponse r;
      r.status = 201;
      r.Set("Docker-Content-Digest", digest::Sha256(req.body).ToString());
      return r;
    }
    if (fault == Fault::kDropConnection) {
      FakeResponse r;
      r.drop_connection = true;
      return r;
    }
    FakeRequest without_range = req;
    if (fault == Fault::kIgnoreRange) without_range.headers.erase("range");
    FakeResponse r =
        kind == "/blobs/" ? Blob(without_range, repo, tail) : ManifestReq(req, repo, tail);
    if (fault == Fault::kWrongContentRange && r.status == 206) {
      for (auto& [name, value] : r.headers) {
        if (name != "Content-Range") continue;  // "bytes a-b/n" -> "bytes a+1-b/n"
        size_t dash = value.find('-');
        uint64_t a = std::stoull(value.substr(6, dash - 6));
        value = "bytes " + std::to_string(a + 1) + value.substr(dash);
      }
    }
    if (fault == Fault::kShortRange && r.status == 206 && !r.body.empty()) r.body.pop_back();
    if (fault == Fault::kWrongBytes && !r.body.empty()) r.body[0] ^= 0x01;
    if (fault == Fault::kWrongSize) r.body += "X";
    if (fault == Fault::kTruncate) r.truncate_after = static_cast<long>(r.body.size() / 2);
    if (fault == Fault::kStall) {
      r.truncate_after = static_cast<long>(r.body.size() / 2);
      r.stall = true;
    }
    return r;
  }
  if (kind == "/blobs/uploads") return UploadReq(req, repo, tail);
  if (kind == "/blobs/") return Blob(req, repo, tail);
  if (kind == "/manifests/") return ManifestReq(req, repo, tail);
  if (kind == "/tags/list") return Tags(repo);
  return Referrers(req, repo, tail);
}

FakeResponse FakeRegistry::Blob(const FakeRequest& req, const std::string& repo,
                                const std::string& dg) {
  auto& blobs = repos_[repo].blobs;
  auto it = blobs.find(dg);
  if (it == blobs.end()) return JsonError(404, "BLOB_UNKNOWN", "blob unknown to registry", dg);
  if (req.method == "DELETE") {
    blobs.erase(it);
    FakeResponse r;
    r.status = 202;
    return r;
  }
  const std::string& data = it->second;
  if (!blob_redirect_.empty() && req.method == "GET") {
    FakeResponse r;
    r.status = 307;
    r.Set("Location", blob_redirect_ + req.path);
    return r;
  }
  FakeResponse r;
  r.Set("Docker-Content-Digest", dg);
  r.Set("Accept-Ranges", "bytes");
  r.Set("Content-Type", "application/octet-stream");
  std::string range = req.Header("range");
  if (!range.empty() && range.rfind("bytes=", 0) == 0) {
    std::string spec = range.substr(6);
    size_t dash = spec.find('-');
    uint64_t a = std::stoull(spec.substr(0, dash));
    uint64_t b = dash + 1 < spec.size() ? std::stoull(spec.substr(dash + 1)) : data.size() - 1;
    if (a >= data.size()) {
      r.status = 416;
      r.Set("Content-Range", "bytes */" + std::to_string(data.size()));
      return r;
    }
    b = std::min<uint64_t>(b, data.size() - 1);
    r.status = 206;
    r.Set("Content-Range", "bytes " + std::to_string(a) + "-" + std::to_string(b) + "/" +
                               std::to_string(data.size()));
    r.body = data.substr(a, b - a + 1);
    return r;
  }
  r.body = data;
  return r;
}

FakeResponse FakeRegistry::UploadReq(const FakeRequest& req, const std::string& repo,
                                     const std::string& rest) {
  std::string uuid = rest.empty() || rest == "/" ? "" : rest.substr(1);
  auto location = [&](const std::string& id) {
    return server_->base_url() + "/v2/" + repo + "/blobs/uploads/" + id + "?_state=fake-" + id;
  };
  if (req.method == "POST" && uuid.empty()) {
    if (req.query.count("mount") && req.query.count("from")) {
      auto from = repos_.find(req.query.at("from"));
      std::string dg = req.query.at("mount");
      if (from != repos_.end() && from->second.blobs.count(dg)) {
        repos_[repo].blobs[dg] = from->second.blobs[dg];
        FakeResponse r;
        r.status = 201;
        r.Set("Docker-Content-Digest", dg);
        r.Set("Location", server_->base_url() + "/v2/" + repo + "/blobs/" + dg);
        return r;
      }
    }
    std::string id = "u" + std::to_string(++next_id_);
    uploads_[id] = {repo, ""};  // a body sent with ?digest= is discarded, as 2.8.2 does
    FakeResponse r;
    r.status = 202;
    r.Set("Location", location(id));
    r.Set("Range", "0-0");
    r.Set("Docker-Upload-UUID", id);
    return r;
  }
  auto it = uploads_.find(uuid);
  if (it == uploads_.end() || it->second.repo != repo) {
    return JsonError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
  }
  if (req.method == "PATCH") {
    it->second.data += req.body;  // Content-Range ignored, as 2.8.2 does
    FakeResponse r;
    r.status = 202;
    r.Set("Location", location(uuid));
    r.Set("Range", "0-" + std::to_string(it->second.data.size() - 1));
    return r;
  }
  if (req.method == "PUT") {
    it->second.data += req.body;
    std::string want = req.query.count("digest") ? req.query.at("digest") : "";
    std::string got = digest::Sha256(it->second.data).ToString();
    if (want != got) {
      return JsonError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
    }
    repos_[repo].blobs[got] = std::move(it->second.data);
    uploads_.erase(it);
    FakeResponse r;
    r.status = 201;
    r.Set("Docker-Content-Digest", got);
    r.Set("Location", server_->base_url() + "/v2/" + repo + "/blobs/" + got);
    return r;
  }
  FakeResponse r;
  r.status = 204;
  if (req.method == "DELETE") uploads_.erase(it);
  return r;
}

FakeResponse FakeRegistry::ManifestReq(const FakeRequest& req, const std::string& repo,
                                       const std::string& ref) {
  Repo& rp = repos_[repo];
  bool by_digest = ref.rfind("sha256:", 0) == 0;
  if (req.method == "PUT") {
    std::string ct = req.Header("content-type");
    if (req.body.size() > kMaxManifestBytes) {
      return JsonError(400, "MANIFEST_INVALID", "http: request body too large");
    }
    auto kind = DetectManifestKind(req.body, ct);
    if (!kind.ok() || *kind == ManifestKind::kUnknown ||
        (ct != kOciManifest && ct != kOciIndex && ct != kDockerManifest &&
         ct != kDockerManifestList)) {
      return JsonError(400, "MANIFEST_INVALID", "manifest invalid");
    }
    bool is_index = *kind == ManifestKind::kImageIndex;
    if (is_index != (ct == kOciIndex || ct == kDockerManifestList)) {
      return JsonError(400, "MANIFEST_INVALID", "manifest invalid");
    }
    std::string subject;
    if (is_index) {
      auto idx = ImageIndex::Parse(req.body);
      if (!idx.ok()) return JsonError(400, "MANIFEST_INVALID", idx.error().message());
      for (auto& m : idx->manifests) {
        if (!rp.manifests.count(m.digest.ToString())) {
          return JsonError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry",
                           m.digest.ToString());
        }
      }
      if (idx->subject) subject = idx->subject->digest.ToString();
    } else {
      auto m = Manifest::Parse(req.body);
      if (!m.ok()) return JsonError(400, "MANIFEST_INVALID", m.error().message());
      std::vector<Descriptor> all = m->layers;
      all.push_back(m->config);
      for (auto& d : all) {
        if (!rp.blobs.count(d.digest.ToString())) {
          return JsonError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry",
                           d.digest.ToString());
        }
      }
      if (m->subject) subject = m->subject->digest.ToString();
    }
    std::string dg = digest::Sha256(req.body).ToString();
    if (by_digest && ref != dg)
      return JsonError(400, "DIGEST_INVALID", "provided digest did not match");
    rp.manifests[dg] = {req.body, ct};
    if (!by_digest) rp.tags[ref] = dg;
    FakeResponse r;
    r.status = 201;
    r.Set("Docker-Content-Digest", dg);
    r.Set("Location", server_->base_url() + "/v2/" + repo + "/manifests/" + dg);
    if (referrers_api_ && !subject.empty()) r.Set("OCI-Subject", subject);
    return r;
  }
  std::string dg = ref;
  if (!by_digest) {
    auto t = rp.tags.find(ref);
    if (t == rp.tags.end()) return JsonError(404, "MANIFEST_UNKNOWN", "manifest unknown", ref);
    dg = t->second;
  }
  auto it = rp.manifests.find(dg);
  if (it == rp.manifests.end()) return JsonError(404, "MANIFEST_UNKNOWN", "manifest unknown", ref);
  if (req.method == "DELETE") {
    if (!by_digest) return JsonError(400, "DIGEST_INVALID", "provided digest did not match");
    rp.manifests.erase(it);
    for (auto t = rp.tags.begin(); t != rp.tags.end();) {
      t = t->second == dg ? rp.tags.erase(t) : std::next(t);
    }
    FakeResponse r;
    r.status = 202;
    return r;
  }
  if (IsOciType(it->second.media_type) &&
      req.Header("accept").find(it->second.media_type) == std::string::npos) {
    return JsonError(404, "MANIFEST_UNKNOWN",
                     "OCI manifest found, but accept header does not support OCI manifests");
  }
  FakeResponse r;
  r.Set("Content-Type", it->second.media_type);
  r.Set("Docker-Content-Digest", dg);
  r.Set("Etag", "\"" + dg + "\"");
  r.body = it->second.bytes;
  return r;
}

FakeResponse FakeRegistry::Referrers(const FakeRequest& req, const std::string& repo,
                                     const std::string& dg) {
  if (dg.rfind("sha256:", 0) != 0 || Hex(dg).size() != 64) {
    return JsonError(400, "DIGEST_INVALID", "invalid digest");
  }
  std::string filter = req.query.count("artifactType") ? req.query.at("artifactType") : "";
  std::vector<Descriptor> all;
  for (auto& [mdg, m] : repos_[repo].manifests) {
    auto parsed = Manifest::Parse(m.bytes);
    if (!parsed.ok() || !parsed->subject || parsed->subject->digest.ToString() != dg) continue;
    Descriptor d = DescribeBytes(m.media_type, m.bytes);
    d.artifact_type = parsed->EffectiveArtifactType();
    d.annotations = parsed->annotations;
    if (referrers_filter_ && !filter.empty() && d.artifact_type != filter) continue;
    all.push_back(d);
  }
  size_t start = req.query.count("page") ? std::stoul(req.query.at("page")) : 0;
  size_t n = referrers_page_size_ ? referrers_page_size_ : all.size();
  ImageIndex idx;
  for (size_t i = start; i < all.size() && i < start + n; ++i) idx.manifests.push_back(all[i]);
  FakeResponse r;
  r.Set("Content-Type", std::string(kOciIndex));
  if (referrers_filter_ && !filter.empty()) r.Set("OCI-Filters-Applied", "artifactType");
  if (start + n < all.size()) {
    std::string next = "/v2/" + repo + "/referrers/" + dg + "?page=" + std::to_string(start + n);
    if (!filter.empty()) next += "&artifactType=" + filter;
    r.Set("Link", "<" + next + ">; rel=\"next\"");
  }
  r.body = idx.Serialize();
  return r;
}

FakeResponse FakeRegistry::Tags(const std::string& repo) {
  auto it = repos_.find(repo);
  if (it == repos_.end() || it->second.tags.empty()) {
    return JsonError(404, "NAME_UNKNOWN", "repository name not known to registry", repo);
  }
  Json tags = Json::array();
  for (auto& [t, d] : it->second.tags) tags.push_back(t);
  FakeResponse r;
  r.Set("Content-Type", "application/json");
  r.body = Json{{"name", repo}, {"tags", tags}}.dump();
  return r;
}

}  // namespace attestfs::oci::testing

// FakeRegistry: an in-memory OCI registry on a loopback port that mimics distribution 2.8.2
// (absolute upload Locations with ?_state=, Accept enforcement, no single-POST upload, Content-
// Range ignored, index entries must exist) and adds what 2.8.2 lacks: a switchable referrers API.
// Auth: none, Basic, or Bearer via its own /token endpoint. Fault injection for blob/manifest GETs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fakes/oci/loopback_http_server.h"

namespace attestfs::oci::testing {

enum class Fault {
  kWrongBytes,         // same length, one byte flipped
  kWrongSize,          // one extra byte
  kTruncate,           // Content-Length of the whole body, half of it sent, connection closed
  kServerError,        // 500
  kStall,              // headers + half the body, then silence
  kDropConnection,     // connection closed without a response
  kUnauthorized,       // 401 with a Bearer/Basic challenge, whatever the credentials
  kLoseWrite,          // a manifest PUT answers 201 but is not stored (a racing writer won)
  kIgnoreRange,        // a ranged blob GET answers 200 with the whole blob
  kWrongContentRange,  // a ranged blob GET answers 206 whose Content-Range starts one byte later
  kShortRange,         // a ranged blob GET answers 206 with one byte less than asked (a consistent
                       // Content-Length: a lie, not a broken connection)
};

class FakeRegistry {
 public:
  FakeRegistry();
  ~FakeRegistry();

  std::string host() const { return server_->host(); }
  std::string base_url() const { return server_->base_url(); }
  int connections_accepted() const { return server_->connections_accepted(); }

  void SetReferrersApi(bool enabled);
  void RequireBasic(const std::string& user, const std::string& password);
  void RequireBearer(const std::string& user, const std::string& password);
  // Applies `fault` to the next `times` requests whose "METHOD path" contains `match`.
  void InjectFault(const std::string& match, Fault fault, int times = 1);
  // Blob GETs answer 307 to `base_url` + the same path (object-storage style redirect).
  void SetBlobRedirect(const std::string& base_url);
  // Forgets every issued token (as if they expired server-side).
  void RevokeTokens();
  // OAuth2: POST /token with grant_type=refresh_token and this refresh token grants push.
  void AcceptRefreshToken(const std::string& refresh_token);
  // Referrers API: at most `page_size` descriptors per page (Link rel="next"); and whether the
  // artifactType filter is applied server-side (else the client must filter).
  void SetReferrersPaging(size_t page_size, bool apply_filter);

  // Request log ("GET /v2/a/b/blobs/sha256:..."), in order.
  std::vector<std::string> Log() const;
  int Count(const std::string& match) const;
  void ClearLog();

  // Direct state access for assertions and setup.
  bool HasBlob(const std::string& repo, const std::string& digest) const;
  bool HasManifest(const std::string& repo, const std::string& digest) const;
  std::string TagDigest(const std::string& repo, const std::string& tag) const;
  void PutBlob(const std::string& repo, const std::string& bytes);
  // Stores bytes as a manifest (no validation) under `tag` (may be empty); returns the digest.
  std::string PutManifestRaw(const std::string& repo, const std::string& tag,
                             const std::string& bytes, const std::string& media_type);

 private:
  struct StoredManifest {
    std::string bytes;
    std::string media_type;
  };
  struct Repo {
    std::map<std::string, std::string> blobs;  // digest -> bytes
    std::map<std::string, StoredManifest> manifests;
    std::map<std::string, std::string> tags;  // tag -> digest
  };
  struct Upload {
    std::string repo;
    std::string data;
  };
  struct FaultRule {
    std::string match;
    Fault fault;
    int remaining;
  };

  FakeResponse Handle(const FakeRequest& req);
  FakeResponse HandleToken(const FakeRequest& req);
  bool Authorized(const FakeRequest& req, const std::string& repo, bool push, FakeResponse* out);
  FakeResponse Blob(const FakeRequest& req, const std::string& repo, const std::string& dg);
  FakeResponse UploadReq(const FakeRequest& req, const std::string& repo, const std::string& rest);
  FakeResponse ManifestReq(const FakeRequest& req, const std::string& repo, const std::string& ref);
  FakeResponse Referrers(const FakeRequest& req, const std::string& repo, const std::string& dg);
  FakeResponse Tags(const std::string& repo);
  bool TakeFault(const std::string& key, Fault* fault);

  mutable std::mutex mu_;  // guards everything below
  std::map<std::string, Repo> repos_;
  std::map<std::string, Upload> uploads_;
  std::map<std::string, std::map<std::string, std::set<std::string>>>
      tokens_;  // token -> repo -> actions
  std::vector<FaultRule> faults_;
  std::vector<std::string> log_;
  bool referrers_api_ = false;
  std::string blob_redirect_;
  std::string refresh_token_;
  size_t referrers_page_size_ = 0;  // 0: one page
  bool referrers_filter_ = true;
  std::string auth_mode_;  // "", "basic", "bearer"
  std::string user_, password_;
  int next_id_ = 0;

  std::unique_ptr<LoopbackHttpServer> server_;  // last: stopped first in the destructor
};

}  // namespace attestfs::oci::testing

// RegistryClient: the OCI distribution-spec v1.1 client (blobs, manifests, tags) on top of
// Authenticator + HttpClient. Everything it returns from a registry has been checked against
// its digest and size, except ReadRangeUnverified (ranged GETs whose verification belongs to the
// content layer's chunk index). Thread-safe; share one instance per process.
//
// Library entry points for the CLI (push/pull/copy/attach/discover/verify REF):
//   RegistryClient client(http, &credentials, {.plain_http = ...});
//   client.FetchManifest(ref) / PushManifest(ref, bytes, type) / FetchBlobToFile(...) /
//   PushBlob(...)
// Model artifacts: model_push.h / model_pull.h; referrers: referrers_client.h; copy: copy.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/progress_sink.h"
#include "oci/auth/authenticator.h"
#include "oci/descriptor.h"
#include "oci/http/http_client.h"
#include "oci/reference.h"

namespace attestfs::oci {

// Blobs above this size are uploaded in chunks (PATCH) unless RegistryOptions says otherwise.
inline constexpr uint64_t kDefaultChunkedUploadThreshold = 1ull << 30;
inline constexpr uint64_t kDefaultUploadChunkSize = 256ull << 20;
// Blobs from this size up are worth splitting into parallel Range requests.
inline constexpr uint64_t kDefaultParallelRangeThreshold = 64ull << 20;
// Tag lists: at most this many pages are followed (Link rel="next").
inline constexpr int kMaxTagListPages = 100;
inline constexpr uint64_t kMaxTagListBytes = 4u << 20;
// A ranged read (content layer chunk) may ask for at most this much in one request.
inline constexpr uint64_t kMaxRangeReadBytes = 256ull << 20;
// A blob fetched into memory (configs, attestation payloads) is capped by the caller; this is
// the default (cosign's per-attachment cap is 128 MiB).
inline constexpr uint64_t kDefaultMaxInMemoryBlobBytes = 128ull << 20;

struct RegistryOptions {
  bool plain_http =
      false;  // http:// instead of https:// (--plain-http); also allows Basic over http
  uint64_t chunked_upload_threshold = kDefaultChunkedUploadThreshold;
  uint64_t upload_chunk_size = kDefaultUploadChunkSize;
  int download_resume_attempts = 3;  // a broken blob download resumes with Range this often
  int parallel_transfers = 4;        // workers for PushModel / PullModel / Copy
  // Blobs at least this large may be downloaded as parallel Range requests (FetchBlobToFile).
  uint64_t parallel_range_threshold = kDefaultParallelRangeThreshold;
  uint64_t range_segment_bytes = 0;  // bytes per Range request (0: about four per stream)
  // Bytes moved per blob are reported here when set (not owned; must outlive the client).
  ProgressSink* progress = nullptr;
};

struct FetchedManifest {
  std::string bytes;
  Descriptor descriptor;  // media type from the body or Content-Type, verified digest, size
};

struct PushedManifest {
  Descriptor descriptor;
  bool oci_subject_header = false;  // the registry answered with OCI-Subject
};

enum class Access { kPull, kPush };

class RegistryClient {
 public:
  RegistryClient(http::HttpClient& http, auth::CredentialStore* credentials,
                 RegistryOptions options = {});
  ~RegistryClient();

  const RegistryOptions& options() const { return options_; }
  http::TransferStats Stats() const { return http_.Stats(); }

  // --- blobs ---
  // HEAD: the blob's size, or nullopt when the registry does not have it.
  Result<std::optional<int64_t>> BlobSize(const Reference& repo, const digest::Digest& d);
  // GET into memory (max_bytes caps the descriptor size); verified digest and size.
  Result<std::string> FetchBlob(const Reference& repo, const Descriptor& d,
                                uint64_t max_bytes = kDefaultMaxInMemoryBlobBytes);
  // GET into `path` via a temp file next to it; renamed into place only after the digest and
  // size matched over the whole file. Broken transfers resume with Range. With streams > 1 a
  // blob of at least options().parallel_range_threshold bytes is fetched as parallel Range
  // requests hashed in order as they land (ranged_blob_fetch.h); a registry that ignores Range
  // gets one plain GET instead.
  Status FetchBlobToFile(const Reference& repo, const Descriptor& d, const std::string& path,
                         int streams = 1);
  // Ranged GET of [offset, offset+length): returns what the registry sent, UNVERIFIED — the
  // caller (content::VerifiedReader) checks it against its chunk digests.
  Result<std::string> ReadRangeUnverified(const Reference& repo, const digest::Digest& d,
                                          uint64_t offset, uint64_t length);
  // Upload unless the blob exists (HEAD). `mount_from`: a repository on the same registry to
  // mount from first (cross-repo mount). Monolithic POST+PUT, chunked PATCH above the threshold.
  Status PushBlob(const Reference& repo, const Descriptor& d, const http::BodySource& body,
                  const std::string& mount_from = "");
  Status PushBlobBytes(const Reference& repo, const Descriptor& d, std::string_view bytes);
  // An upload in steps, for bytes whose digest is not known yet (early_uploads.h): POST ->
  // upload location; PATCH `body` in chunks of options().upload_chunk_size -> the newest
  // location (`what` names the content in errors); PUT ?digest= -> the registry checks the
  // digest against every byte it received; DELETE abandons an upload (best effort).
  Result<std::string> StartUpload(const Reference& repo);
  Result<std::string> UploadChunks(const Reference& repo, std::string location,
                                   const http::BodySource& body, const std::string& what);
  Status FinishUpload(const Reference& repo, const Descriptor& d, const std::string& location);
  void CancelUpload(const Reference& repo, const std::string& location);
  Status PushBlobFile(const Reference& repo, const Descriptor& d, const std::string& path);

  // --- manifests ---
  // GET by tag or digest with the OCI Accept list; <= 4 MiB; digest verified (by-digest refs)
  // and cross-checked against Docker-Content-Digest (by-tag refs).
  Result<FetchedManifest> FetchManifest(const Reference& ref);
  // HEAD: resolves a tag to a descriptor (media type, digest, size).
  Result<Descriptor> ResolveManifest(const Reference& ref);
  // PUT to ref's tag (or to its digest when no tag). Content-Type = media_type.
  Result<PushedManifest> PushManifest(const Reference& ref, std::string_view bytes,
                                      std::string_view media_type);
  Status DeleteManifest(const Reference& repo, const digest::Digest& d);

  // --- tags ---
  Result<std::vector<std::string>> ListTags(const Reference& repo);

  // Low-level: sends a request for `repo` with auth (scopes for `access`). The URL is complete.
  Result<http::HttpResponse> Send(const Reference& repo, const http::HttpRequest& req,
                                  Access access, const std::vector<std::string>& extra_scopes = {});
  // scheme://api-host/v2/<repository>
  std::string RepoUrl(const Reference& repo) const;

 private:
  Status UploadMonolithic(const Reference& repo, const Descriptor& d, const std::string& location,
                          const http::BodySource& body);

  http::HttpClient& http_;
  RegistryOptions options_;
  auth::Authenticator auth_;
};

}  // namespace attestfs::oci

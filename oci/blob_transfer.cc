// RegistryClient blob transfers: verified downloads (memory / file with resume), ranged reads,
// uploads (HEAD skip, cross-repo mount, monolithic POST+PUT, chunked PATCH).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/progress_task.h"
#include "base/unique_fd.h"
#include "digest/sha256_hasher.h"
#include "oci/http/url.h"
#include "oci/media_types.h"
#include "oci/ranged_blob_fetch.h"
#include "oci/registry_client.h"
#include "oci/registry_error.h"

namespace attestfs::oci {
namespace {

// Downloads to files kick off asynchronous writeback every this many bytes.
constexpr uint64_t kWritebackWindow = 8u << 20;
// A ranged download splits the blob into about four segments per stream, each between these
// sizes: small enough that the in-order hasher trails the download closely, large enough that
// per-request costs vanish.
constexpr uint64_t kMinRangeSegmentBytes = 8ull << 20;
constexpr uint64_t kMaxRangeSegmentBytes = 64ull << 20;

// What a progress display calls a blob: its file name when it has one, else its short digest.
std::string BlobLabel(const Descriptor& d) {
  std::string title = d.Annotation(std::string(kAnnotationTitle));
  if (!title.empty()) return title;
  return d.digest.ToString().substr(0, 19);
}

// Hashes and counts streamed bytes; refuses more bytes than the descriptor announced.
class VerifyingSink {
 public:
  explicit VerifyingSink(const Descriptor& d) : d_(d) {}
  Status Add(std::string_view piece) {
    if (received_ + piece.size() > static_cast<uint64_t>(d_.size)) {
      return Error(Errc::kVerificationFailed, "blob " + d_.digest.ToString() +
                                                  ": registry sent more than the expected " +
                                                  std::to_string(d_.size) + " bytes");
    }
    hasher_.Update(piece);
    received_ += piece.size();
    return OkStatus();
  }
  Status Finish() {
    if (received_ != static_cast<uint64_t>(d_.size)) {
      return Error(Errc::kVerificationFailed, "blob " + d_.digest.ToString() + ": received " +
                                                  std::to_string(received_) + " of " +
                                                  std::to_string(d_.size) + " bytes");
    }
    digest::Digest got = hasher_.Finish();
    if (got != d_.digest) {
      return Error(Errc::kVerificationFailed,
                   "blob " + d_.digest.ToString() + ": content digest is " + got.ToString());
    }
    return OkStatus();
  }
  void Reset() {
    hasher_ = digest::Sha256Hasher();
    received_ = 0;
  }
  uint64_t received() const { return received_; }

 private:
  const Descriptor& d_;
  digest::Sha256Hasher hasher_;
  uint64_t received_ = 0;
};

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t k = ::write(fd, data.data(), data.size());
    if (k < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write", errno);
    }
    data.remove_prefix(static_cast<size_t>(k));
  }
  return OkStatus();
}

}  // namespace

Result<std::optional<int64_t>> RegistryClient::BlobSize(const Reference& repo,
                                                        const digest::Digest& d) {
  http::HttpRequest req;
  req.method = "HEAD";
  req.url = RepoUrl(repo) + "/blobs/" + d.ToString();
  auto sent = Send(repo, req, Access::kPull);
  if (!sent.ok()) return sent.error().Context("check blob " + d.ToString());
  if (sent->status == 404) return std::optional<int64_t>();
  if (sent->status != 200) {
    return RegistryError(*sent, {repo.registry, repo.repository, d.ToString(), "check blob"});
  }
  auto len = sent->headers.ContentLength();
  if (!len.ok()) return len.error().Context("check blob " + d.ToString());
  return std::optional<int64_t>(len->value_or(-1));
}

Result<std::string> RegistryClient::FetchBlob(const Reference& repo, const Descriptor& d,
                                              uint64_t max_bytes) {
  if (d.size < 0 || static_cast<uint64_t>(d.size) > max_bytes) {
    return Error(Errc::kTooLarge, "blob " + d.digest.ToString() + " of " + std::to_string(d.size) +
                                      " bytes is over the " + std::to_string(max_bytes) +
                                      "-byte limit");
  }
  if (d.data) return *d.data;  // embedded data was verified by the descriptor parser
  std::string out;
  VerifyingSink verify(d);
  http::HttpRequest req;
  req.url = RepoUrl(repo) + "/blobs/" + d.digest.ToString();
  req.expected_bytes = static_cast<uint64_t>(d.size);
  req.sink = [&](std::string_view piece) -> Status {
    AFS_TRY(verify.Add(piece));
    out.append(piece);
    return OkStatus();
  };
  auto sent = Send(repo, req, Access::kPull);
  if (!sent.ok()) return sent.error().Context("fetch blob " + repo.RepositoryName());
  if (sent->status != 200) {
    return RegistryError(*sent,
                         {repo.registry, repo.repository, d.digest.ToString(), "fetch blob"});
  }
  AFS_TRY(verify.Finish());
  return out;
}

Status RegistryClient::FetchBlobToFile(const Reference& repo, const Descriptor& d,
                                       const std::string& path, int streams) {
  std::string tmp = path + ".partial-XXXXXX";
  int raw = ::mkstemp(tmp.data());
  if (raw < 0) return ErrnoError("create " + tmp, errno);
  UniqueFd fd(raw);
  struct Cleanup {
    std::string p;
    bool keep = false;
    ~Cleanup() {
      if (!keep) ::unlink(p.c_str());
    }
  } cleanup{tmp};
  ::fchmod(fd.get(), 0644);
  ProgressTask progress(options_.progress, BlobLabel(d),
                        static_cast<uint64_t>(std::max<int64_t>(d.size, 0)));
  auto commit = [&]() -> Status {
    if (::fsync(fd.get()) != 0) return ErrnoError("fsync " + tmp, errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoError("rename to " + path, errno);
    cleanup.keep = true;
    return OkStatus();
  };
  if (streams > 1 && d.size > 0 &&
      static_cast<uint64_t>(d.size) >= options_.parallel_range_threshold) {
    uint64_t segment = options_.range_segment_bytes;
    if (segment == 0) {
      segment = std::clamp<uint64_t>(static_cast<uint64_t>(d.size) / (4ull * streams),
                                     kMinRangeSegmentBytes, kMaxRangeSegmentBytes);
    }
    Status ranged = FetchBlobRanges(
        *this, repo, d, fd.get(), {streams, segment, options_.download_resume_attempts, &progress});
    if (ranged.ok()) return commit();
    if (ranged.error().code() != Errc::kUnsupported) return ranged;
    // The registry ignored Range (or sent more than asked): start over with one stream.
    if (::ftruncate(fd.get(), 0) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0)
      return ErrnoError("truncate " + tmp, errno);
  }
  VerifyingSink verify(d);
  const std::string what = "fetch blob " + repo.RepositoryName() + "@" + d.digest.ToString();
  Status last;
  uint64_t flushed = 0;
  for (int attempt = 0; attempt <= options_.download_resume_attempts; ++attempt) {
    uint64_t have = verify.received();
    http::HttpRequest req;
    req.url = RepoUrl(repo) + "/blobs/" + d.digest.ToString();
    if (have > 0) req.headers.Add("Range", "bytes=" + std::to_string(have) + "-");
    req.expected_bytes =
        static_cast<uint64_t>(std::max<int64_t>(d.size, 0)) -
        std::min<uint64_t>(have, static_cast<uint64_t>(std::max<int64_t>(d.size, 0)));
    req.sink = [&](std::string_view piece) -> Status {
      AFS_TRY(verify.Add(piece));
      AFS_TRY(WriteAll(fd.get(), piece));
      progress.Advance(piece.size());
      // Start writeback of each finished window now, so the final fsync has little left to do
      // and disk writes overlap the download.
      uint64_t written = verify.received();
      if (written - flushed >= kWritebackWindow) {
        ::sync_file_range(fd.get(), static_cast<off64_t>(flushed),
                          static_cast<off64_t>(written - flushed), SYNC_FILE_RANGE_WRITE);
        flushed = written;
      }
      return OkStatus();
    };
    auto sent = Send(repo, req, Access::kPull);
    if (!sent.ok()) {
      last = sent.error().Context(what);
      if (sent.error().code() == Errc::kNetwork && verify.received() > have) continue;  // resume
      // (kCancelled and everything else end the download.)
      return last;
    }
    if (sent->status == 200 && have > 0) {
      // The registry ignored Range: the body started over, but we already hashed it from `have`.
      return Error(Errc::kVerificationFailed, what + ": registry ignored the resume Range request");
    }
    if (sent->status != 200 && sent->status != 206) {
      return RegistryError(*sent,
                           {repo.registry, repo.repository, d.digest.ToString(), "fetch blob"});
    }
    AFS_TRY(verify.Finish());
    return commit();
  }
  return last;
}

Result<std::string> RegistryClient::ReadRangeUnverified(const Reference& repo,
                                                        const digest::Digest& d, uint64_t offset,
                                                        uint64_t length) {
  if (length == 0) return std::string();
  if (length > kMaxRangeReadBytes) {
    return Error(Errc::kTooLarge, "range read of " + std::to_string(length) + " bytes over limit");
  }
  http::HttpRequest req;
  req.url = RepoUrl(repo) + "/blobs/" + d.ToString();
  req.headers.Add("Range",
                  "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  req.max_body_bytes = length;
  req.expected_bytes = length;
  auto sent = Send(repo, req, Access::kPull);
  if (!sent.ok() && sent.error().code() == Errc::kTooLarge) {
    // More bytes than asked: a 200 with the whole blob (Range ignored) or a broken server.
    return Error(Errc::kUnsupported, "read range of " + repo.RepositoryName() + "@" + d.ToString() +
                                         ": the registry sent more than the requested range");
  }
  if (!sent.ok())
    return sent.error().Context("read range of " + repo.RepositoryName() + "@" + d.ToString());
  if (sent->status == 206) return std::move(sent->body);
  if (sent->status == 416) return std::string();  // past the end: fewer bytes than asked
  if (sent->status == 200 && offset == 0) return std::move(sent->body);  // whole (small) blob
  if (sent->status == 200) {
    return Error(Errc::kUnsupported, "read range of " + repo.RepositoryName() + "@" + d.ToString() +
                                         ": the registry ignored the Range request");
  }
  return RegistryError(*sent, {repo.registry, repo.repository, d.ToString(), "read range"});
}

Status RegistryClient::PushBlobBytes(const Reference& repo, const Descriptor& d,
                                     std::string_view bytes) {
  http::BodySource src{bytes.size(), [bytes](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                         size_t k = std::min<uint64_t>(n, bytes.size() - off);
                         std::memcpy(buf, bytes.data() + off, k);
                         return k;
                       }};
  return PushBlob(repo, d, src);
}

Status RegistryClient::PushBlobFile(const Reference& repo, const Descriptor& d,
                                    const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open " + path, errno);
  int f = fd.get();
  http::BodySource src{static_cast<uint64_t>(d.size),
                       [f, path](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                         ssize_t k = ::pread(f, buf, n, static_cast<off_t>(off));
                         if (k < 0) return ErrnoError("read " + path, errno);
                         if (k == 0) return Error(Errc::kIo, path + " shrank while uploading");
                         return static_cast<size_t>(k);
                       }};
  return PushBlob(repo, d, src);
}

Status RegistryClient::PushBlob(const Reference& repo, const Descriptor& d,
                                const http::BodySource& body, const std::string& mount_from) {
  const std::string what = "push blob " + repo.RepositoryName() + "@" + d.digest.ToString();
  if (body.size != static_cast<uint64_t>(d.size)) {
    return Error(Errc::kInternal, what + ": body size does not match the descriptor");
  }
  AFS_ASSIGN_OR_RETURN(std::optional<int64_t> existing, BlobSize(repo, d.digest));
  if (existing) return OkStatus();  // content-addressed: same digest, same bytes

  http::HttpRequest post;
  post.method = "POST";
  post.url = RepoUrl(repo) + "/blobs/uploads/";
  std::vector<std::string> extra;
  if (!mount_from.empty() && mount_from != repo.repository) {
    post.url = http::AppendQuery(post.url, "mount", d.digest.ToString());
    post.url = http::AppendQuery(post.url, "from", mount_from);
    extra.push_back("repository:" + mount_from + ":pull");
  }
  auto sent = Send(repo, post, Access::kPush, extra);
  if (!sent.ok()) return sent.error().Context(what);
  if (sent->status == 201) return OkStatus();  // mounted
  if (sent->status != 202) {
    return RegistryError(*sent,
                         {repo.registry, repo.repository, d.digest.ToString(), "start upload"});
  }
  auto loc = sent->headers.Get("Location");
  if (!loc) return Error(Errc::kMalformed, what + ": upload response without Location");
  // The Location may be absolute and carry a query (2.8.2: ?_state=...): reuse it verbatim.
  std::string location = http::ResolveLocation(sent->url.empty() ? post.url : sent->url, *loc);
  ProgressTask progress(options_.progress, BlobLabel(d), body.size);
  http::BodySource counted{body.size,
                           [&body, &progress](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                             Result<size_t> k = body.read_at(off, buf, n);
                             if (k.ok()) progress.Advance(*k);
                             return k;
                           }};
  if (body.size > options_.chunked_upload_threshold) {
    auto sent_chunks = UploadChunks(repo, location, counted, d.digest.ToString());
    if (!sent_chunks.ok()) return sent_chunks.error();
    return FinishUpload(repo, d, *sent_chunks);
  }
  return UploadMonolithic(repo, d, location, counted);
}

Result<std::string> RegistryClient::StartUpload(const Reference& repo) {
  http::HttpRequest post;
  post.method = "POST";
  post.url = RepoUrl(repo) + "/blobs/uploads/";
  auto sent = Send(repo, post, Access::kPush);
  if (!sent.ok()) return sent.error().Context("start upload to " + repo.RepositoryName());
  if (sent->status != 202) {
    return RegistryError(*sent, {repo.registry, repo.repository, "", "start upload"});
  }
  auto loc = sent->headers.Get("Location");
  if (!loc) {
    return Error(Errc::kMalformed,
                 "start upload to " + repo.RepositoryName() + ": response without Location");
  }
  return http::ResolveLocation(sent->url.empty() ? post.url : sent->url, *loc);
}

void RegistryClient::CancelUpload(const Reference& repo, const std::string& location) {
  http::HttpRequest del;
  del.method = "DELETE";
  del.url = location;
  del.retry_on_server_error = false;
  (void)Send(repo, del, Access::kPush);  // best effort: registries purge stale uploads anyway
}

Status RegistryClient::UploadMonolithic(const Reference& repo, const Descriptor& d,
                                        const std::string& location, const http::BodySource& body) {
  http::HttpRequest put;
  put.method = "PUT";
  put.url = http::AppendQuery(location, "digest", d.digest.ToString());
  put.headers.Add("Content-Type", "application/octet-stream");
  put.body_source = body;
  auto sent = Send(repo, put, Access::kPush);
  if (!sent.ok()) return sent.error().Context("upload blob " + d.digest.ToString());
  if (sent->status != 201) {
    return RegistryError(*sent,
                         {repo.registry, repo.repository, d.digest.ToString(), "upload blob"});
  }
  return OkStatus();
}

Result<std::string> RegistryClient::UploadChunks(const Reference& repo, std::string location,
                                                 const http::BodySource& body,
                                                 const std::string& what) {
  uint64_t chunk = std::max<uint64_t>(1, options_.upload_chunk_size);
  for (uint64_t start = 0; start < body.size; start += chunk) {
    uint64_t len = std::min(chunk, body.size - start);
    http::HttpRequest patch;
    patch.method = "PATCH";
    patch.url = location;
    patch.headers.Add("Content-Type", "application/octet-stream");
    patch.headers.Add("Content-Range",
                      std::to_string(start) + "-" + std::to_string(start + len - 1));
    patch.body_source = http::BodySource{len, [&body, start](uint64_t off, char* buf, size_t n) {
                                           return body.read_at(start + off, buf, n);
                                         }};
    auto sent = Send(repo, patch, Access::kPush);
    if (!sent.ok()) return sent.error().Context("upload chunk of " + what);
    if (sent->status != 202) {
      return RegistryError(*sent, {repo.registry, repo.repository, what, "upload chunk"});
    }
    auto loc = sent->headers.Get("Location");
    if (loc) location = http::ResolveLocation(location, *loc);
  }
  return location;
}

Status RegistryClient::FinishUpload(const Reference& repo, const Descriptor& d,
                                    const std::string& location) {
  http::HttpRequest put;
  put.method = "PUT";
  put.url = http::AppendQuery(location, "digest", d.digest.ToString());
  put.headers.Add("Content-Type", "application/octet-stream");
  auto sent = Send(repo, put, Access::kPush);
  if (!sent.ok()) return sent.error().Context("finish upload of " + d.digest.ToString());
  if (sent->status != 201) {
    return RegistryError(*sent,
                         {repo.registry, repo.repository, d.digest.ToString(), "finish upload"});
  }
  return OkStatus();
}

}  // namespace attestfs::oci

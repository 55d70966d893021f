// FetchBlobRanges: the blob split into segments fetched by worker threads (RunParallel) with
// Range GETs and written with pwrite; a per-segment high-water mark (SegmentMarks) that the
// in-order hasher on the calling thread waits on; Content-Range and length checks per response.
#include "oci/ranged_blob_fetch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "digest/sha256_hasher.h"
#include "oci/registry_client.h"
#include "oci/registry_error.h"
#include "oci/transfer_pool.h"

namespace attestfs::oci {
namespace {

// The hasher reads the file back from the page cache in pieces of this size.
constexpr size_t kHashReadBytes = 4u << 20;

struct Segment {
  uint64_t start = 0;
  uint64_t len = 0;
};

// How many bytes of each segment are written (contiguously from its start), and whether the
// fetch was abandoned. Workers raise the marks; the hasher waits for them.
class SegmentMarks {
 public:
  explicit SegmentMarks(size_t n) : written_(n, 0) {}

  void Set(size_t seg, uint64_t written) AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    written_[seg] = written;
    cv_.NotifyAll();
  }
  void Abort() AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    aborted_ = true;
    cv_.NotifyAll();
  }
  bool aborted() AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return aborted_;
  }
  // Blocks until segment `seg` has more than `have` bytes written; nullopt once aborted.
  std::optional<uint64_t> WaitBeyond(size_t seg, uint64_t have) AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    while (!aborted_ && written_[seg] <= have) cv_.Wait(mu_);
    if (aborted_) return std::nullopt;
    return written_[seg];
  }

 private:
  Mutex mu_;
  CondVar cv_;
  std::vector<uint64_t> written_ AFS_GUARDED_BY(mu_);
  bool aborted_ AFS_GUARDED_BY(mu_) = false;
};

Status PwriteAll(int fd, std::string_view data, uint64_t offset) {
  while (!data.empty()) {
    ssize_t k = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
    if (k < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write", errno);
    }
    data.remove_prefix(static_cast<size_t>(k));
    offset += static_cast<uint64_t>(k);
  }
  return OkStatus();
}

// "bytes a-b/total" (total may be "*"): true when it names exactly [from, to] of a blob of
// `size` bytes.
bool ContentRangeMatches(const std::string& value, uint64_t from, uint64_t to, int64_t size) {
  std::string expect = "bytes " + std::to_string(from) + "-" + std::to_string(to) + "/";
  if (value.rfind(expect, 0) != 0) return false;
  std::string total = value.substr(expect.size());
  return total == "*" || total == std::to_string(size);
}

class RangedFetch {
 public:
  RangedFetch(RegistryClient& client, const Reference& repo, const Descriptor& d, int fd,
              const RangedFetchOptions& options)
      : client_(client), repo_(repo), d_(d), fd_(fd), options_(options) {
    uint64_t size = static_cast<uint64_t>(d.size);
    uint64_t step = std::max<uint64_t>(1, options.segment_bytes);
    for (uint64_t at = 0; at < size; at += step)
      segments_.push_back({at, std::min(step, size - at)});
    what_ = "fetch blob " + repo.RepositoryName() + "@" + d.digest.ToString();
  }

  Status Run() {
    SegmentMarks marks(segments_.size());
    marks_ = &marks;
    std::vector<std::function<Status()>> tasks;
    for (size_t i = 0; i < segments_.size(); ++i) {
      tasks.push_back([this, i]() -> Status {
        Status s = FetchSegment(i);
        if (!s.ok()) marks_->Abort();
        return s;
      });
    }
    Status fetched;
    std::thread workers([&] {
      fetched = RunParallel(tasks, options_.streams);
      if (!fetched.ok()) marks.Abort();  // also when a task threw (RunParallel caught it)
    });
    Result<digest::Digest> hashed = HashInOrder();
    if (!hashed.ok()) marks.Abort();  // stops the workers at their next piece
    workers.join();
    marks_ = nullptr;
    // The first real failure wins over the cancellations it caused.
    if (!hashed.ok() && hashed.error().code() != Errc::kCancelled) return hashed.error();
    if (!fetched.ok()) return fetched;
    if (!hashed.ok()) return hashed.error();
    if (*hashed != d_.digest) {
      return Error(Errc::kVerificationFailed,
                   "blob " + d_.digest.ToString() + ": content digest is " + hashed->ToString());
    }
    return OkStatus();
  }

 private:
  Status FetchSegment(size_t i) {
    const Segment seg = segments_[i];
    uint64_t have = 0;
    const std::string range_name =
        "bytes=" + std::to_string(seg.start) + "-" + std::to_string(seg.start + seg.len - 1);
    for (int attempt = 0;; ++attempt) {
      const uint64_t from = seg.start + have, to = seg.start + seg.len - 1;
      const uint64_t before = have;
      http::HttpRequest req;
      req.url = client_.RepoUrl(repo_) + "/blobs/" + d_.digest.ToString();
      req.headers.Add("Range", "bytes=" + std::to_string(from) + "-" + std::to_string(to));
      req.expected_bytes = seg.len - have;
      req.sink = [&](std::string_view piece) -> Status {
        if (marks_->aborted()) return Error(Errc::kCancelled, "another range failed");
        if (have + piece.size() > seg.len) {
          // A 200 with the whole blob (Range ignored), or a 206 longer than asked.
          return Error(Errc::kUnsupported, what_ + ": the registry sent more than the " +
                                               range_name + " it was asked for (Range ignored)");
        }
        AFS_TRY(PwriteAll(fd_, piece, seg.start + have));
        have += piece.size();
        marks_->Set(i, have);
        if (options_.progress != nullptr) options_.progress->Advance(piece.size());
        return OkStatus();
      };
      auto sent = client_.Send(repo_, req, Access::kPull);
      if (!sent.ok()) {
        if (sent.error().code() == Errc::kNetwork && have > before &&
            attempt < options_.resume_attempts) {
          continue;  // resume the segment where it broke off
        }
        if (sent.error().code() == Errc::kUnsupported) return sent.error();
        return sent.error().Context(what_ + " (" + range_name + ")");
      }
      if (sent->status == 200) {
        return Error(
            Errc::kUnsupported,
            what_ + ": the registry ignored the Range request (200 for " + range_name + ")");
      }
      if (sent->status != 206) {
        return RegistryError(
            *sent, {repo_.registry, repo_.repository, d_.digest.ToString(), "fetch range"});
      }
      auto cr = sent->headers.Get("Content-Range");
      if (!cr || !ContentRangeMatches(*cr, from, to, d_.size)) {
        return Error(Errc::kVerificationFailed,
                     what_ + ": asked for bytes " + std::to_string(from) + "-" +
                         std::to_string(to) + ", the registry answered with Content-Range '" +
                         cr.value_or("") + "'");
      }
      if (have != seg.len) {
        return Error(Errc::kVerificationFailed,
                     what_ + ": the registry sent " + std::to_string(have - (from - seg.start)) +
                         " of the " + std::to_string(to - from + 1) + " bytes of " + range_name);
      }
      // Start writeback of the finished segment now, so the final fsync has little left.
      ::sync_file_range(fd_, static_cast<off64_t>(seg.start), static_cast<off64_t>(seg.len),
                        SYNC_FILE_RANGE_WRITE);
      return OkStatus();
    }
  }

  // Hashes the file in order, following the segments' high-water marks.
  Result<digest::Digest> HashInOrder() {
    digest::Sha256Hasher hasher;
    std::string buf(kHashReadBytes, '\0');
    for (size_t i = 0; i < segments_.size(); ++i) {
      const Segment seg = segments_[i];
      uint64_t hashed = 0;
      while (hashed < seg.len) {
        std::optional<uint64_t> written = marks_->WaitBeyond(i, hashed);
        if (!written) return Error(Errc::kCancelled, what_ + ": abandoned");
        while (hashed < *written) {
          size_t n = static_cast<size_t>(std::min<uint64_t>(buf.size(), *written - hashed));
          ssize_t k = ::pread(fd_, buf.data(), n, static_cast<off_t>(seg.start + hashed));
          if (k < 0 && errno == EINTR) continue;
          if (k <= 0) return ErrnoError(what_ + ": read back", k < 0 ? errno : EIO);
          hasher.Update(buf.data(), static_cast<size_t>(k));
          hashed += static_cast<uint64_t>(k);
        }
      }
    }
    return hasher.Finish();
  }

  RegistryClient& client_;
  const Reference& repo_;
  const Descriptor& d_;
  const int fd_;
  const RangedFetchOptions options_;
  std::vector<Segment> segments_;
  std::string what_;
  // Set before the workers start and cleared after they are joined; read without a lock.
  SegmentMarks* marks_ = nullptr;
};

}  // namespace

Status FetchBlobRanges(RegistryClient& client, const Reference& repo, const Descriptor& d, int fd,
                       const RangedFetchOptions& options) {
  if (d.size <= 0) return Error(Errc::kInternal, "ranged fetch of an empty blob");
  return RangedFetch(client, repo, d, fd, options).Run();
}

}  // namespace attestfs::oci

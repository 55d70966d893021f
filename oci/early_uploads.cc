// EarlyUploads: a queue of files (largest first), worker threads that POST + PATCH each one,
// and a per-path state machine (queued -> running -> uploaded / failed; taken or cancelled).
#include "oci/early_uploads.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "base/progress_task.h"
#include "base/regular_file.h"
#include "base/unique_fd.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

namespace {

enum class Phase { kQueued, kRunning, kUploaded, kFailed, kTaken };

struct Upload {
  std::string root;
  std::string path;
  uint64_t size = 0;
  Phase phase = Phase::kQueued;
  std::string location;             // kUploaded: where FinishUpload goes
  std::atomic<bool> cancel{false};  // read by the body source of a running upload
};

}  // namespace

struct EarlyUploads::State {
  RegistryClient& client;
  Reference repo;
  Mutex mu;
  CondVar changed;
  // Node-based: Upload addresses stay valid while workers use them outside the lock.
  std::map<std::string, std::unique_ptr<Upload>> uploads AFS_GUARDED_BY(mu);
  std::deque<Upload*> queue AFS_GUARDED_BY(mu);
  bool stopping AFS_GUARDED_BY(mu) = false;
  std::vector<std::thread> workers;  // started by the constructor, joined by the destructor

  State(RegistryClient& c, Reference r) : client(c), repo(std::move(r)) {}

  void Work() AFS_EXCLUDES(mu) {
    for (;;) {
      Upload* u = nullptr;
      {
        MutexLock lock(mu);
        while (!stopping && queue.empty()) changed.Wait(mu);
        if (stopping) return;
        u = queue.front();
        queue.pop_front();
        u->phase = Phase::kRunning;
      }
      Result<std::string> loc = Send(*u);
      MutexLock lock(mu);
      if (loc.ok()) {
        u->location = *loc;
        u->phase = Phase::kUploaded;
      } else {
        u->phase = Phase::kFailed;
      }
      changed.NotifyAll();
    }
  }

  // POST, then the file's bytes in PATCH chunks; the upload location to finish.
  Result<std::string> Send(Upload& u) {
    const std::string full = u.root + "/" + u.path;
    AFS_ASSIGN_OR_RETURN(UniqueFd fd,
                         OpenRegularFile(full, u.path, nullptr, FinalSymlink::kFollow));
    AFS_ASSIGN_OR_RETURN(std::string location, client.StartUpload(repo));
    ProgressTask progress(client.options().progress, u.path, u.size);
    const int f = fd.get();
    http::BodySource body{u.size, [&](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                            if (u.cancel.load()) return Error(Errc::kCancelled, "cancelled");
                            ssize_t k = ::pread(f, buf, n, static_cast<off_t>(off));
                            if (k < 0) return ErrnoError("read " + u.path, errno);
                            if (k == 0) return Error(Errc::kIo, u.path + " shrank while uploading");
                            progress.Advance(static_cast<uint64_t>(k));
                            return static_cast<size_t>(k);
                          }};
    auto sent = client.UploadChunks(repo, location, body, u.path);
    if (!sent.ok()) {
      client.CancelUpload(repo, location);
      return sent.error();
    }
    return sent;
  }
};

EarlyUploads::EarlyUploads(RegistryClient& client, Reference repo, int workers)
    : state_(std::make_unique<State>(client, std::move(repo))) {
  for (int i = 0; i < std::max(1, workers); ++i) {
    try {
      state_->workers.emplace_back([s = state_.get()] { s->Work(); });
    } catch (const std::system_error&) {
      break;  // fewer workers still work; none means every Take() says nullopt
    }
  }
}

EarlyUploads::~EarlyUploads() {
  std::vector<std::string> abandoned;
  {
    MutexLock lock(state_->mu);
    state_->stopping = true;
    for (auto& [path, u] : state_->uploads) u->cancel = true;
    state_->changed.NotifyAll();
  }
  for (auto& t : state_->workers) t.join();
  MutexLock lock(state_->mu);  // uncontended: the workers are joined
  for (auto& [path, u] : state_->uploads) {
    if (u->phase == Phase::kUploaded) abandoned.push_back(u->location);
  }
  for (const std::string& loc : abandoned) state_->client.CancelUpload(state_->repo, loc);
}

void EarlyUploads::Add(const std::string& root, const std::string& path, uint64_t size) {
  MutexLock lock(state_->mu);
  if (state_->workers.empty() || state_->uploads.count(path) != 0) return;
  auto u = std::make_unique<Upload>();
  u->root = root;
  u->path = path;
  u->size = size;
  Upload* raw = u.get();
  state_->uploads.emplace(path, std::move(u));
  // Largest first: the biggest file gains most from starting early.
  auto at = std::find_if(state_->queue.begin(), state_->queue.end(),
                         [size](const Upload* q) { return q->size < size; });
  state_->queue.insert(at, raw);
  state_->changed.NotifyAll();
}

std::optional<std::string> EarlyUploads::Take(const std::string& path) {
  MutexLock lock(state_->mu);
  auto it = state_->uploads.find(path);
  if (it == state_->uploads.end()) return std::nullopt;
  Upload* u = it->second.get();
  if (u->phase == Phase::kQueued) {
    std::erase(state_->queue, u);
    u->phase = Phase::kTaken;
    return std::nullopt;  // not started: the caller's ordinary upload is as quick
  }
  while (u->phase == Phase::kRunning) state_->changed.Wait(state_->mu);
  if (u->phase != Phase::kUploaded) return std::nullopt;
  u->phase = Phase::kTaken;
  return u->location;
}

void EarlyUploads::Cancel(const std::string& path) {
  std::optional<std::string> abandon;
  {
    MutexLock lock(state_->mu);
    auto it = state_->uploads.find(path);
    if (it == state_->uploads.end()) return;
    Upload* u = it->second.get();
    u->cancel = true;
    if (u->phase == Phase::kQueued) {
      std::erase(state_->queue, u);
      u->phase = Phase::kTaken;
    } else if (u->phase == Phase::kUploaded) {
      abandon = u->location;
      u->phase = Phase::kTaken;
    }
  }
  if (abandon) state_->client.CancelUpload(state_->repo, *abandon);
}

}  // namespace attestfs::oci

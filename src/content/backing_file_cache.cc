// BackingFileCache implementation: one O_TMPFILE per file, chunks written with pwrite outside
// the lock (the same verified bytes may be written twice by racing readers: harmless), a
// per-chunk bitmap, completion when the last chunk lands.
#include "content/backing_file_cache.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

#include "base/file_io.h"

namespace attestfs::content {

Result<std::unique_ptr<BackingFileCache>> BackingFileCache::Open(
    const std::string& dir, uint64_t chunk_size, std::function<void(std::string_view)> log) {
  if (dir.empty()) return Error(Errc::kInvalidArgument, "passthrough directory: empty path");
  AFS_TRY(MakeDirs(dir, 0700));
  if (auto st = CheckPrivateDirectory(dir); !st.ok()) {
    return st.error().Context("passthrough directory");
  }
  if (chunk_size == 0) chunk_size = attestation::kDefaultChunkSize;
  return std::unique_ptr<BackingFileCache>(new BackingFileCache(dir, chunk_size, std::move(log)));
}

BackingFileCache::~BackingFileCache() { StopFiller(); }

BackingFileCache::Copy* BackingFileCache::CopyFor(const attestation::FileEntry& file) {
  auto [it, inserted] = copies_.try_emplace(&file);
  Copy& c = it->second;
  if (!inserted) return &c;
  uint64_t chunks = file.size <= chunk_size_ ? 1 : attestation::ChunkCount(file.size, chunk_size_);
  c.have.assign(chunks, false);
  c.missing = chunks;
  c.seen.assign(chunks, false);
  c.unseen = chunks;
  // No name, mode 0600, in a directory only the daemon may enter: only its descriptor reaches it.
  c.fd.Reset(::open(dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!c.fd.valid() || ::ftruncate(c.fd.get(), static_cast<off_t>(file.size)) != 0) {
    c.failed = true;
    c.fd.Reset();
    ++stats_.write_failures;
  }
  return &c;
}

bool BackingFileCache::Wants(const attestation::FileEntry& file, uint64_t index) const {
  if (disabled() || file.size == 0 || file.type != attestation::FileEntry::Type::kRegular) {
    return false;
  }
  MutexLock lock(mu_);
  auto it = copies_.find(&file);
  if (it == copies_.end()) return true;
  const Copy& c = it->second;
  return !c.failed && c.missing > 0 && index < c.have.size() && !c.have[index];
}

void BackingFileCache::PutVerified(const attestation::FileEntry& file, uint64_t index,
                                   std::string_view bytes) {
  if (!Wants(file, index)) return;
  int fd = -1;
  {
    MutexLock lock(mu_);
    Copy* c = CopyFor(file);
    if (c->failed || index >= c->have.size() || c->have[index]) return;
    fd = c->fd.get();  // closed only by the destructor
  }
  const uint64_t base = file.size <= chunk_size_ ? 0 : index * chunk_size_;
  uint64_t done = 0;
  bool ok = true;
  while (done < bytes.size()) {
    ssize_t n =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(base + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<uint64_t>(n);
  }
  bool complete = false;
  {
    MutexLock lock(mu_);
    Copy& c = copies_[&file];
    if (c.failed) return;
    if (!ok) {
      c.failed = true;  // the fd stays open until the cache goes: another pwrite may be using it
      ++stats_.write_failures;
      return;
    }
    if (c.have[index]) return;
    c.have[index] = true;
    stats_.bytes_written += bytes.size();
    complete = --c.missing == 0;
    if (complete) ++stats_.files_complete;
  }
  if (complete && log_ && file.size > chunk_size_) {
    log_("passthrough: verified copy of " + file.path + " complete (" + std::to_string(file.size) +
         " bytes)");
  }
}

void BackingFileCache::NoteVerified(const attestation::FileEntry& file, uint64_t index) {
  if (disabled() || file.size == 0 || file.type != attestation::FileEntry::Type::kRegular) return;
  MutexLock lock(mu_);
  Copy* c = CopyFor(file);
  if (c->failed || c->missing == 0 || index >= c->seen.size() || c->seen[index]) return;
  c->seen[index] = true;
  if (--c->unseen == 0 && !c->queued) {
    c->queued = true;
    to_fill_.push_back(&file);
    fill_cv_.NotifyAll();
  }
}

void BackingFileCache::StartFiller(Filler filler) {
  if (filler_thread_.joinable()) return;
  filler_ = std::move(filler);
  filler_thread_ = std::thread([this] { FillLoop(); });
}

void BackingFileCache::StopFiller() {
  {
    MutexLock lock(mu_);
    stop_ = true;
    fill_cv_.NotifyAll();
  }
  if (filler_thread_.joinable()) filler_thread_.join();
}

void BackingFileCache::FillLoop() {
  // The lowest priority (this thread only): the copy is built from spare CPU, never at the
  // expense of the reads being served.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
  for (;;) {
    const attestation::FileEntry* file = nullptr;
    {
      MutexLock lock(mu_);
      while (!stop_ && to_fill_.empty()) fill_cv_.Wait(mu_);
      if (stop_) return;
      file = to_fill_.front();
      to_fill_.pop_front();
    }
    const uint64_t chunks =
        file->size <= chunk_size_ ? 1 : attestation::ChunkCount(file->size, chunk_size_);
    for (uint64_t i = 0; i < chunks; ++i) {
      {
        MutexLock lock(mu_);
        if (stop_) return;
      }
      if (!Wants(*file, i)) continue;
      auto bytes = filler_(*file, i);
      if (!bytes.ok()) break;  // the source changed or went away: no copy, ordinary reads
      PutVerified(*file, i, *bytes);
    }
  }
}

int BackingFileCache::ReadyFd(const attestation::FileEntry& file) const {
  MutexLock lock(mu_);
  auto it = copies_.find(&file);
  if (it == copies_.end() || it->second.failed || it->second.missing != 0) return -1;
  return it->second.fd.get();
}

BackingFileStats BackingFileCache::stats() const {
  MutexLock lock(mu_);
  return stats_;
}

}  // namespace attestfs::content

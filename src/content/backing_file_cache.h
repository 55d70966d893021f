// BackingFileCache: private copies of fully verified files, for the FUSE mount's passthrough
// opens (the kernel then serves reads and mmap page faults from the copy's page cache). Each
// attested file gets an unnamed file (O_TMPFILE) in the daemon's private directory (0700, owned
// by the daemon's euid, checked with CheckPrivateDirectory), written only with chunks that
// VerifiedReader has ALREADY verified; once every chunk of a file is in it the copy is complete
// and ReadyFd returns its descriptor. The copies have no names, so nothing outside the daemon
// (and root, who can reach any process's descriptors) can open or change them; they vanish when
// the daemon exits. A write error gives up on that file for good (its reads keep going through
// the verifying path). It holds no FUSE state (fuse/passthrough_table.h) and does not verify.
// Two ways in: PutVerified writes a chunk at once (registry sources: the fetch threads wait on
// the network, and a chunk is not fetched twice); or NoteVerified only records that a chunk
// verified, and once every chunk of a file has, a filler thread at the lowest CPU priority
// (nice 19) builds the copy from chunks the reader verifies again for it (local sources: the
// first read is not slowed by filling 2x the page cache on its critical path).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/mutex.h"
#include "base/result.h"
#include "base/unique_fd.h"

namespace attestfs::content {

struct BackingFileStats {
  uint64_t files_complete = 0;  // copies holding every verified byte of their file
  uint64_t bytes_written = 0;
  uint64_t write_failures = 0;  // files given up (disk full, no O_TMPFILE support, ...)
};

class BackingFileCache {
 public:
  // Creates `dir` (0700) when missing and refuses one that is not private to the effective uid
  // (a symlink, another owner, group/other permission bits).
  // `log` gets one line per completed copy of a file larger than one chunk.
  static Result<std::unique_ptr<BackingFileCache>> Open(
      const std::string& dir, uint64_t chunk_size,
      std::function<void(std::string_view)> log = nullptr);
  ~BackingFileCache();

  // Whether the verifying reader should still write chunk `index` of `file` (false once
  // written, once the file is complete or given up, for empty files, or when disabled). Cheap.
  bool Wants(const attestation::FileEntry& file, uint64_t index) const;
  // Writes chunk `index` of `file`, whose bytes the caller has ALREADY verified against the
  // manifest. Idempotent; thread-safe.
  void PutVerified(const attestation::FileEntry& file, uint64_t index, std::string_view bytes);
  // Records that chunk `index` of `file` verified (without its bytes); once every chunk of the
  // file has, the filler (StartFiller) completes the copy in the background. Cheap.
  void NoteVerified(const attestation::FileEntry& file, uint64_t index);
  // The filler's source of verified chunks: it must verify what it returns (VerifiedReader).
  using Filler = std::function<Result<std::string>(const attestation::FileEntry&, uint64_t)>;
  // Starts the filler thread (nice 19). StopFiller (or the destructor) ends it; call StopFiller
  // before whatever `filler` uses goes away.
  void StartFiller(Filler filler);
  void StopFiller();

  // The complete verified copy of `file` (owned by this cache, open read-write), or -1.
  int ReadyFd(const attestation::FileEntry& file) const;
  // Stops taking chunks (passthrough turned out to be unavailable): later Wants are false.
  void Disable() { disabled_.store(true, std::memory_order_relaxed); }
  bool disabled() const { return disabled_.load(std::memory_order_relaxed); }

  BackingFileStats stats() const;
  const std::string& dir() const { return dir_; }

 private:
  struct Copy {
    UniqueFd fd;
    std::vector<bool> have;  // per chunk: written
    uint64_t missing = 0;
    std::vector<bool> seen;  // per chunk: verified at least once (NoteVerified)
    uint64_t unseen = 0;
    bool queued = false;  // handed to the filler
    bool failed = false;
  };
  void FillLoop();
  BackingFileCache(std::string dir, uint64_t chunk_size, std::function<void(std::string_view)> log)
      : dir_(std::move(dir)), chunk_size_(chunk_size), log_(std::move(log)) {}
  Copy* CopyFor(const attestation::FileEntry& file) AFS_REQUIRES(mu_);

  // dir_, chunk_size_, log_: fixed by the constructor.
  std::string dir_;
  uint64_t chunk_size_;
  std::function<void(std::string_view)> log_;
  std::atomic<bool> disabled_{false};
  mutable Mutex mu_;
  // Keyed by FileEntry address (the manifest outlives the cache, as for VerifiedReader).
  std::map<const attestation::FileEntry*, Copy> copies_ AFS_GUARDED_BY(mu_);
  BackingFileStats stats_ AFS_GUARDED_BY(mu_);
  std::deque<const attestation::FileEntry*> to_fill_ AFS_GUARDED_BY(mu_);
  bool stop_ AFS_GUARDED_BY(mu_) = false;
  CondVar fill_cv_;
  Filler filler_;              // set by StartFiller before the thread starts; read only by it
  std::thread filler_thread_;  // started and joined by the owner's thread only
};

}  // namespace attestfs::content

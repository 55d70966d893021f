// ParallelHasher: SHA-256 of many files, and of each chunk of large files, on a thread pool
// with bounded memory (one aligned read buffer per worker, no whole-file reads).
// Scheduling (HashScheduler): one task per whole-file digest (sequential preads,
// POSIX_FADV_SEQUENTIAL) plus one task per chunk digest; big files' whole-file tasks start first
// and chunk tasks of a file run on other workers while its whole-file digest streams. With one
// worker, chunk digests are computed in the same pass as the whole-file digest (one read).
// Every task compares the file's FileStamp (inode, size, mtime, ctime) at open with the walk's
// and again after its last read: a file written, truncated or replaced meanwhile is an error
// ("file changed during the scan"), never a torn digest.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/progress_sink.h"
#include "base/result.h"
#include "digest/digest.h"
#include "targets/file_stamp.h"

namespace attestfs::targets {

constexpr size_t kHashReadBufferSize = 1u << 20;  // per worker
constexpr unsigned kMaxHashThreads = 64;

struct HashJob {
  std::string read_path;  // absolute path, opened with O_NOFOLLOW
  std::string name;       // shown in errors (the manifest path)
  uint64_t size = 0;      // expected size; a file that changed size is an error
  // What the walk saw. When set, every open must find exactly this file version.
  std::optional<FileStamp> stamp;
};

struct HashOutput {
  digest::Digest sha256;
  std::vector<digest::Digest> chunks;  // empty unless compute_chunks and size > chunk_size
};

struct HashOptions {
  uint64_t chunk_size = 4u << 20;
  bool compute_chunks = true;
  unsigned threads = 0;  // 0 = hardware concurrency
  // Test seam: called after a task has read its bytes and before the file's stamp is compared
  // with the one taken at open (so a test can rewrite the file deterministically).
  std::function<void(const HashJob&)> after_read_for_test;
  // Bytes of the whole-file pass are reported here as one task "hash" (not owned; may be null).
  ProgressSink* progress = nullptr;
};

class ParallelHasher {
 public:
  explicit ParallelHasher(const HashOptions& options) : options_(options) {}

  // Returns one output per job, in job order. The first error stops the remaining work.
  Result<std::vector<HashOutput>> Hash(const std::vector<HashJob>& jobs) const;

  // The number of workers Hash() would use for `tasks` pending tasks.
  unsigned WorkerCount(size_t tasks) const;

 private:
  HashOptions options_;
};

}  // namespace attestfs::targets

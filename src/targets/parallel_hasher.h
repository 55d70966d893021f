// ParallelHasher: SHA-256 of many files, and of each chunk of large files, on a thread pool
// with bounded memory (one aligned read buffer per worker, no whole-file reads).
// Scheduling (HashScheduler): one task per whole-file digest (sequential preads,
// POSIX_FADV_SEQUENTIAL) plus one task per chunk digest; big files' whole-file tasks start first
// and chunk tasks of a file run on other workers while its whole-file digest streams. With one
// worker, chunk digests are computed in the same pass as the whole-file digest (one read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::targets {

constexpr size_t kHashReadBufferSize = 1u << 20;  // per worker
constexpr unsigned kMaxHashThreads = 64;

struct HashJob {
  std::string read_path;  // absolute path, opened with O_NOFOLLOW
  std::string name;       // shown in errors (the manifest path)
  uint64_t size = 0;      // expected size; a file that changed size is an error
};

struct HashOutput {
  digest::Digest sha256;
  std::vector<digest::Digest> chunks;  // empty unless compute_chunks and size > chunk_size
};

struct HashOptions {
  uint64_t chunk_size = 4u << 20;
  bool compute_chunks = true;
  unsigned threads = 0;  // 0 = hardware concurrency
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

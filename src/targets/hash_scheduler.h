// HashScheduler: picks the next hash task for a free worker. Whole-file digests are the
// sequential critical path, so big files' whole-file tasks start first (longest first, up to
// half the workers at once); other workers take the chunk tasks of files whose whole-file task
// is already running (oldest first, front to back), so both read the same bytes close together
// in time and the second read hits the page cache. Files without chunk tasks follow, longest
// first. Thread-safe; each call is O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "base/mutex.h"

namespace attestfs::targets {

struct HashTask {
  static constexpr int64_t kWholeFile = -1;
  size_t job = 0;
  int64_t chunk = kWholeFile;  // chunk index, or kWholeFile
};

class HashScheduler {
 public:
  // sizes[j] = file size, chunk_counts[j] = chunk tasks of file j (0 when none are separate).
  HashScheduler(const std::vector<uint64_t>& sizes, std::vector<size_t> chunk_counts,
                unsigned workers);

  // The next task, or nullopt when all are handed out or after Cancel().
  std::optional<HashTask> Next();
  // Reports a task finished (frees a whole-file slot).
  void Done(const HashTask& task);
  // Stops handing out tasks (after an error).
  void Cancel();

 private:
  struct Active {
    size_t job;
    size_t next_chunk;
  };
  HashTask StartWhole() AFS_REQUIRES(mu_);

  // Set by the constructor, read-only afterwards: read without the lock.
  std::vector<size_t> chunk_counts_;
  unsigned max_running_big_ = 1;

  Mutex mu_;  // guards every member below
  // Job indices, big files (with chunk tasks) first, longest first.
  std::vector<size_t> wholes_ AFS_GUARDED_BY(mu_);
  size_t next_whole_ AFS_GUARDED_BY(mu_) = 0;
  // How many leading entries of wholes_ have chunk tasks.
  size_t big_wholes_ AFS_GUARDED_BY(mu_) = 0;
  // Files whose whole task started and that have chunks left.
  std::deque<Active> active_ AFS_GUARDED_BY(mu_);
  unsigned running_big_ AFS_GUARDED_BY(mu_) = 0;  // whole-file tasks of big files in progress
  bool cancelled_ AFS_GUARDED_BY(mu_) = false;
};

}  // namespace attestfs::targets

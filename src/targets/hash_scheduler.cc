// HashScheduler: whole-file tasks first (bounded), then chunks of running files, then the rest.
#include "targets/hash_scheduler.h"

#include <algorithm>
#include <numeric>

namespace attestfs::targets {

HashScheduler::HashScheduler(const std::vector<uint64_t>& sizes, std::vector<size_t> chunk_counts,
                             unsigned workers)
    : chunk_counts_(std::move(chunk_counts)), max_running_big_(std::max(1u, workers / 2)) {
  chunk_counts_.resize(sizes.size(), 0);
  wholes_.resize(sizes.size());
  std::iota(wholes_.begin(), wholes_.end(), size_t{0});
  // Big files (with chunk tasks) first; longest first within each group; ties keep file order.
  std::stable_sort(wholes_.begin(), wholes_.end(), [&](size_t a, size_t b) {
    bool big_a = chunk_counts_[a] > 0, big_b = chunk_counts_[b] > 0;
    if (big_a != big_b) return big_a;
    return sizes[a] > sizes[b];
  });
  big_wholes_ = static_cast<size_t>(
      std::count_if(chunk_counts_.begin(), chunk_counts_.end(), [](size_t c) { return c > 0; }));
}

HashTask HashScheduler::StartWhole() {
  size_t job = wholes_[next_whole_++];
  if (chunk_counts_[job] > 0) {
    ++running_big_;
    active_.push_back(Active{job, 0});
  }
  return HashTask{job, HashTask::kWholeFile};
}

std::optional<HashTask> HashScheduler::Next() {
  MutexLock lock(mu_);
  if (cancelled_) return std::nullopt;
  // 1. Start the next big file's sequential whole-file digest while a slot is free.
  if (next_whole_ < big_wholes_ && running_big_ < max_running_big_) return StartWhole();
  // 2. Chunks of files being read right now, oldest file first, front to back.
  if (!active_.empty()) {
    Active& a = active_.front();
    HashTask t{a.job, static_cast<int64_t>(a.next_chunk++)};
    if (a.next_chunk == chunk_counts_[a.job]) active_.pop_front();
    return t;
  }
  // 3. Remaining whole-file tasks (big files beyond the slot limit, then small files).
  if (next_whole_ < wholes_.size()) return StartWhole();
  return std::nullopt;
}

void HashScheduler::Done(const HashTask& task) {
  MutexLock lock(mu_);
  if (task.chunk == HashTask::kWholeFile && chunk_counts_[task.job] > 0 && running_big_ > 0) {
    --running_big_;
  }
}

void HashScheduler::Cancel() {
  MutexLock lock(mu_);
  cancelled_ = true;
}

}  // namespace attestfs::targets

// FetchPool: a fixed set of worker threads running chunk fetch tasks, with demand tasks
// (a reader is waiting) always taken before read-ahead tasks. No futures here; tasks report
// through the reader's single-flight table.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace attestfs::content {

class FetchPool {
 public:
  enum class Priority { kDemand, kReadAhead };

  explicit FetchPool(size_t threads);
  ~FetchPool();  // runs the queued tasks to completion, then joins
  FetchPool(const FetchPool&) = delete;
  FetchPool& operator=(const FetchPool&) = delete;

  void Submit(Priority priority, std::function<void()> task);

 private:
  void Work();

  Mutex mu_;
  CondVar cv_;
  std::deque<std::function<void()>> demand_ AFS_GUARDED_BY(mu_);
  std::deque<std::function<void()>> read_ahead_ AFS_GUARDED_BY(mu_);
  bool stopping_ AFS_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace attestfs::content

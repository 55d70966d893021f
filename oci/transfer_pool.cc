// RunParallel: a fixed set of std::threads pulling task indexes from an atomic counter.
#include "oci/transfer_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "base/mutex.h"

namespace attestfs::oci {

namespace {

// An exception escaping a worker thread would terminate the process; it becomes an error value.
Status RunGuarded(const std::function<Status()>& task) {
  try {
    return task();
  } catch (const std::exception& e) {
    return Error(Errc::kInternal, std::string("transfer task: ") + e.what());
  }
}

}  // namespace

Status RunParallel(const std::vector<std::function<Status()>>& tasks, int workers) {
  int n = std::clamp(workers, 1, kMaxTransferWorkers);
  n = std::min<int>(n, static_cast<int>(tasks.size()));
  if (n <= 1) {
    for (auto& t : tasks) AFS_TRY(RunGuarded(t));
    return OkStatus();
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  struct {  // a struct: the analysis checks guarded fields, not guarded local variables
    Mutex mu;
    Status status AFS_GUARDED_BY(mu);
  } first_error;
  auto work = [&] {
    while (!failed.load()) {
      size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      Status s = RunGuarded(tasks[i]);
      if (!s.ok()) {
        MutexLock lock(first_error.mu);
        if (first_error.status.ok()) first_error.status = s;
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  MutexLock lock(first_error.mu);  // uncontended: the workers are joined
  return first_error.status;
}

}  // namespace attestfs::oci

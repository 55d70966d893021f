// FetchPool implementation: one mutex + condition variable over two FIFO queues.
#include "content/fetch_pool.h"

namespace attestfs::content {

FetchPool::FetchPool(size_t threads) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

FetchPool::~FetchPool() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.NotifyAll();
  for (auto& t : threads_) t.join();
}

void FetchPool::Submit(Priority priority, std::function<void()> task) {
  {
    MutexLock lock(mu_);
    (priority == Priority::kDemand ? demand_ : read_ahead_).push_back(std::move(task));
  }
  cv_.NotifyOne();
}

void FetchPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      MutexLock lock(mu_);
      while (!stopping_ && demand_.empty() && read_ahead_.empty()) cv_.Wait(mu_);
      if (!demand_.empty()) {
        task = std::move(demand_.front());
        demand_.pop_front();
      } else if (!read_ahead_.empty()) {
        task = std::move(read_ahead_.front());
        read_ahead_.pop_front();
      } else {
        return;  // stopping and drained
      }
    }
    task();
  }
}

}  // namespace attestfs::content

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
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void FetchPool::Submit(Priority priority, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    (priority == Priority::kDemand ? demand_ : read_ahead_).push_back(std::move(task));
  }
  cv_.notify_one();
}

void FetchPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !demand_.empty() || !read_ahead_.empty(); });
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

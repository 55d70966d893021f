// StopOnSignal: for long-running servers (the admission webhook, the CSI plugin). While one is
// alive, SIGINT and SIGTERM are blocked in the creating thread and the threads it starts, and a
// watcher thread calls `stop` when one arrives, so the server shuts down through its normal path.
// Create it before starting server threads.
#pragma once

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>

namespace attestfs::cli {

class StopOnSignal {
 public:
  explicit StopOnSignal(std::function<void()> stop) : stop_(std::move(stop)) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    waiter_ = std::thread([this] {
      const timespec tick{0, 200 * 1000 * 1000};
      while (!done_) {
        if (sigtimedwait(&set_, nullptr, &tick) > 0) {
          std::fprintf(stderr, "attestfs: stopping\n");
          stop_();
          return;
        }
      }
    });
  }
  ~StopOnSignal() {
    done_ = true;
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  std::function<void()> stop_;
  sigset_t set_{}, old_{};
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

}  // namespace attestfs::cli

// SignalCancellation: while one is alive, SIGINT, SIGTERM and SIGHUP do not kill the process;
// they set a cancellation token that registry transfers started with it check (within about a
// second), so the command unwinds through its destructors — temporary directories and partial
// files removed — and exits non-zero. Used by `pull`.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

namespace attestfs::cli {

class SignalCancellation {
 public:
  // Blocks the signals in the calling thread (threads started afterwards inherit the mask) and
  // starts a thread that takes them with sigtimedwait. Create it before any worker thread.
  SignalCancellation();
  ~SignalCancellation();  // stops the thread and restores the signal mask
  SignalCancellation(const SignalCancellation&) = delete;
  SignalCancellation& operator=(const SignalCancellation&) = delete;

  std::shared_ptr<const std::atomic<bool>> token() const { return cancelled_; }
  int signal() const { return signal_.load(); }  // the signal taken, 0 if none

 private:
  std::shared_ptr<std::atomic<bool>> cancelled_;
  std::atomic<int> signal_{0};
  std::atomic<bool> stop_{false};
  struct Mask;  // the saved signal mask (sigset_t kept out of this header)
  std::unique_ptr<Mask> old_mask_;
  std::thread waiter_;
};

}  // namespace attestfs::cli

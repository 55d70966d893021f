// SignalCancellation: a sigtimedwait thread turning SIGINT/SIGTERM/SIGHUP into a token.
#include "cli/signal_cancellation.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

namespace attestfs::cli {
namespace {

sigset_t CancelSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  return set;
}

}  // namespace

struct SignalCancellation::Mask {
  sigset_t old;
};

SignalCancellation::SignalCancellation()
    : cancelled_(std::make_shared<std::atomic<bool>>(false)), old_mask_(std::make_unique<Mask>()) {
  sigset_t set = CancelSignals();
  pthread_sigmask(SIG_BLOCK, &set, &old_mask_->old);
  waiter_ = std::thread([this, set] {
    const timespec nap{0, 100 * 1000 * 1000};  // how often `stop_` is looked at
    while (!stop_.load()) {
      int sig = sigtimedwait(&set, nullptr, &nap);
      if (sig > 0) {
        signal_.store(sig);
        cancelled_->store(true);
      }
    }
  });
}

SignalCancellation::~SignalCancellation() {
  stop_.store(true);
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &old_mask_->old, nullptr);
}

}  // namespace attestfs::cli

// Mutex, MutexLock, CondVar: thin wrappers over std::mutex / std::condition_variable that carry
// clang's thread-safety attributes (libstdc++'s std::mutex has none), so `-Wthread-safety`
// checks that data marked AFS_GUARDED_BY(mu) is only touched with `mu` held and that helpers
// marked AFS_REQUIRES(mu) are only called with it held. The AFS_* macros expand to nothing
// outside clang. scripts/thread_safety.sh (ctest -R thread_safety) runs the analysis; every
// mutex in src/, oci/ and fuse/ is one of these (see CONTRIBUTING.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define AFS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define AFS_THREAD_ANNOTATION(x)
#endif

#define AFS_CAPABILITY(x) AFS_THREAD_ANNOTATION(capability(x))
#define AFS_SCOPED_CAPABILITY AFS_THREAD_ANNOTATION(scoped_lockable)
#define AFS_GUARDED_BY(x) AFS_THREAD_ANNOTATION(guarded_by(x))
#define AFS_PT_GUARDED_BY(x) AFS_THREAD_ANNOTATION(pt_guarded_by(x))
#define AFS_REQUIRES(...) AFS_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define AFS_EXCLUDES(...) AFS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define AFS_ACQUIRE(...) AFS_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define AFS_RELEASE(...) AFS_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define AFS_TRY_ACQUIRE(...) AFS_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define AFS_NO_THREAD_SAFETY_ANALYSIS AFS_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace attestfs {

class AFS_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() AFS_ACQUIRE() { mu_.lock(); }
  void Unlock() AFS_RELEASE() { mu_.unlock(); }
  bool TryLock() AFS_TRY_ACQUIRE(true) { return mu_.try_lock(); }

  // The underlying std::mutex, for CondVar; locking it directly bypasses the analysis.
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

// Holds `mu` from construction to destruction (or between Unlock() and Lock()).
class AFS_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) AFS_ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~MutexLock() AFS_RELEASE() {
    if (locked_) mu_.Unlock();
  }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() AFS_RELEASE() {
    mu_.Unlock();
    locked_ = false;
  }
  void Lock() AFS_ACQUIRE() {
    mu_.Lock();
    locked_ = true;
  }

 private:
  Mutex& mu_;
  bool locked_ = true;
};

// A condition variable over a Mutex. The waits take the Mutex itself (held by the caller, which
// the analysis checks); callers loop on their condition, so it is read under the lock in the
// caller's own code:
//   MutexLock lock(mu_);
//   while (!ready_) cv_.Wait(mu_);
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Unlocks `mu`, waits for a notification (or a spurious wake-up), locks `mu` again.
  void Wait(Mutex& mu) AFS_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu.native(), std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // still locked: the caller's MutexLock owns it
  }
  // As Wait, until `deadline` at the latest; false when it returned because the deadline passed.
  bool WaitUntil(Mutex& mu, std::chrono::steady_clock::time_point deadline) AFS_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu.native(), std::adopt_lock);
    const bool notified = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return notified;
  }

  void NotifyOne() { cv_.notify_one(); }
  void NotifyAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace attestfs

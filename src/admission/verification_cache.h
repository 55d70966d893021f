// VerificationCache: outcomes of verifications, keyed by what decides them (repository@digest +
// the rule's trust and policy fingerprints; never a tag), with a TTL (a shorter one for
// denials, so a signature added later is seen soon) and a size bound. Concurrent lookups of one
// key share one verification ("single flight"): the first starts it on its own thread, every
// caller waits for it up to its own deadline, and a caller that gives up leaves it running so
// its result still lands in the cache. Unavailable outcomes (registry down) are never cached.
// The destructor waits for verifications still running.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "admission/verification.h"
#include "base/mutex.h"

namespace attestfs::admission {

class VerificationCache {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::chrono::seconds ttl{600};
    std::chrono::seconds failure_ttl{30};
    size_t max_entries = 10000;  // 0: nothing is kept (every lookup verifies)
  };

  struct Lookup {
    std::optional<Verification> value;  // nullopt: the deadline passed first
    bool hit = false;                   // answered from the cache, no verification started
    bool shared = false;                // joined a verification another review started
  };

  explicit VerificationCache(Options options);
  ~VerificationCache();
  VerificationCache(const VerificationCache&) = delete;
  VerificationCache& operator=(const VerificationCache&) = delete;

  // The cached outcome for `key`, else the outcome of `verify` (run at most once at a time per
  // key, on a thread of its own), waiting until `deadline` at the latest.
  Lookup Get(const std::string& key, std::function<Verification()> verify,
             Clock::time_point deadline) AFS_EXCLUDES(mu_);

  size_t size() const AFS_EXCLUDES(mu_);
  size_t in_flight() const AFS_EXCLUDES(mu_);

 private:
  struct Slot {
    bool done = false;
    Verification value;
    Clock::time_point expires;
  };
  void Store(const std::string& key, const std::shared_ptr<Slot>& slot, Verification value)
      AFS_EXCLUDES(mu_);
  void EvictLocked(Clock::time_point now) AFS_REQUIRES(mu_);

  const Options options_;
  mutable Mutex mu_;
  CondVar changed_;  // a slot finished, or the last verification ended
  std::map<std::string, std::shared_ptr<Slot>> slots_ AFS_GUARDED_BY(mu_);
  size_t running_ AFS_GUARDED_BY(mu_) = 0;
};

}  // namespace attestfs::admission

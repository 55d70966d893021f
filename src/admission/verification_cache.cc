// VerificationCache: a map of slots under one mutex; a slot is either in flight (done=false)
// or holds an outcome until it expires.
#include "admission/verification_cache.h"

#include <thread>

namespace attestfs::admission {

VerificationCache::VerificationCache(Options options) : options_(options) {}

VerificationCache::~VerificationCache() {
  MutexLock lock(mu_);
  while (running_ > 0) changed_.Wait(mu_);
}

VerificationCache::Lookup VerificationCache::Get(const std::string& key,
                                                 std::function<Verification()> verify,
                                                 Clock::time_point deadline) {
  Lookup out;
  std::shared_ptr<Slot> slot;
  {
    MutexLock lock(mu_);
    const auto now = Clock::now();
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second->done && it->second->expires <= now) {
      slots_.erase(it);
      it = slots_.end();
    }
    if (it != slots_.end()) {
      slot = it->second;
      if (slot->done) {
        out.value = slot->value;
        out.hit = true;
        return out;
      }
      out.shared = true;
    } else {
      slot = std::make_shared<Slot>();
      slots_[key] = slot;
      ++running_;
      // The verification owns copies of what it needs: a caller may stop waiting.
      std::thread([this, key, slot, verify = std::move(verify)]() mutable {
        Verification v;
        try {
          v = verify();
        } catch (const std::exception& e) {
          v.outcome = Verification::Outcome::kUnavailable;
          v.reason = std::string("internal error: ") + e.what();
        }
        Store(key, slot, std::move(v));
      }).detach();
    }
    while (!slot->done) {
      if (!changed_.WaitUntil(mu_, deadline) && !slot->done) return out;  // deadline passed
    }
    out.value = slot->value;
  }
  return out;
}

void VerificationCache::Store(const std::string& key, const std::shared_ptr<Slot>& slot,
                              Verification value) {
  MutexLock lock(mu_);
  const auto now = Clock::now();
  slot->value = std::move(value);
  slot->done = true;
  const bool keep =
      options_.max_entries > 0 && slot->value.outcome != Verification::Outcome::kUnavailable;
  slot->expires =
      now + (slot->value.outcome == Verification::Outcome::kVerified ? options_.ttl
                                                                     : options_.failure_ttl);
  auto it = slots_.find(key);
  if (it != slots_.end() && it->second == slot) {
    if (keep) {
      EvictLocked(now);
    } else {
      slots_.erase(it);
    }
  }
  --running_;
  changed_.NotifyAll();
}

// Expired entries go first; then, over the bound, those that expire soonest.
void VerificationCache::EvictLocked(Clock::time_point now) {
  for (auto it = slots_.begin(); it != slots_.end();) {
    if (it->second->done && it->second->expires <= now) {
      it = slots_.erase(it);
    } else {
      ++it;
    }
  }
  while (slots_.size() > options_.max_entries) {
    auto victim = slots_.end();
    for (auto it = slots_.begin(); it != slots_.end(); ++it) {
      if (!it->second->done) continue;
      if (victim == slots_.end() || it->second->expires < victim->second->expires) victim = it;
    }
    if (victim == slots_.end()) break;
    slots_.erase(victim);
  }
}

size_t VerificationCache::size() const {
  MutexLock lock(mu_);
  return slots_.size();
}

size_t VerificationCache::in_flight() const {
  MutexLock lock(mu_);
  return running_;
}

}  // namespace attestfs::admission

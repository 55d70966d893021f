// VerificationCache: hits, single flight, deadlines, TTLs, what is never cached, the size bound.
#include "admission/verification_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace attestfs::admission {
namespace {

using namespace std::chrono_literals;

Verification Verified() { return {Verification::Outcome::kVerified, "ok", {}}; }

auto Soon() { return VerificationCache::Clock::now() + 5s; }

TEST(VerificationCacheTest, SecondLookupIsAHit) {
  VerificationCache cache({600s, 30s, 100});
  int runs = 0;
  auto verify = [&runs] {
    ++runs;
    return Verified();
  };
  auto a = cache.Get("k", verify, Soon());
  ASSERT_TRUE(a.value);
  EXPECT_FALSE(a.hit);
  auto b = cache.Get("k", verify, Soon());
  ASSERT_TRUE(b.value);
  EXPECT_TRUE(b.hit);
  EXPECT_EQ(runs, 1);
}

TEST(VerificationCacheTest, ConcurrentLookupsShareOneVerification) {
  VerificationCache cache({600s, 30s, 100});
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  auto verify = [&] {
    ++runs;
    while (!release) std::this_thread::sleep_for(1ms);
    return Verified();
  };
  std::vector<std::thread> threads;
  std::atomic<int> got{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      auto r = cache.Get("same", verify, Soon());
      if (r.value && r.value->outcome == Verification::Outcome::kVerified) ++got;
    });
  }
  std::this_thread::sleep_for(50ms);
  release = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(got.load(), 16);
}

TEST(VerificationCacheTest, AWaiterGivesUpAtItsDeadlineAndTheResultStillLands) {
  VerificationCache cache({600s, 30s, 100});
  std::atomic<bool> release{false};
  auto slow = [&] {
    while (!release) std::this_thread::sleep_for(1ms);
    return Verified();
  };
  auto r = cache.Get("slow", slow, VerificationCache::Clock::now() + 20ms);
  EXPECT_FALSE(r.value);
  EXPECT_EQ(cache.in_flight(), 1u);
  release = true;
  while (cache.in_flight() > 0) std::this_thread::sleep_for(1ms);
  auto again = cache.Get(
      "slow", [] { return Verification{}; }, Soon());
  EXPECT_TRUE(again.hit);
  EXPECT_EQ(again.value->outcome, Verification::Outcome::kVerified);
}

TEST(VerificationCacheTest, UnavailableIsNeverCachedAndDenialsExpireSooner) {
  VerificationCache cache({600s, 0s, 100});
  int runs = 0;
  auto down = [&runs] {
    ++runs;
    return Verification{Verification::Outcome::kUnavailable, "down", {}};
  };
  cache.Get("d", down, Soon());
  cache.Get("d", down, Soon());
  EXPECT_EQ(runs, 2);
  int denials = 0;
  auto deny = [&denials] {
    ++denials;
    return Verification{Verification::Outcome::kDenied, "no", {}};
  };
  cache.Get("n", deny, Soon());
  auto second = cache.Get("n", deny, Soon());  // failure_ttl 0: expired at once
  EXPECT_FALSE(second.hit);
  EXPECT_EQ(denials, 2);
}

TEST(VerificationCacheTest, TheSizeBoundHolds) {
  VerificationCache cache({600s, 30s, 3});
  for (int i = 0; i < 10; ++i) cache.Get("k" + std::to_string(i), Verified, Soon());
  EXPECT_LE(cache.size(), 3u);
  VerificationCache none({600s, 30s, 0});
  none.Get("x", Verified, Soon());
  EXPECT_FALSE(none.Get("x", Verified, Soon()).hit);
}

TEST(VerificationCacheTest, AnExceptionBecomesUnavailable) {
  VerificationCache cache({600s, 30s, 10});
  auto r = cache.Get(
      "boom", []() -> Verification { throw std::runtime_error("bad"); }, Soon());
  ASSERT_TRUE(r.value);
  EXPECT_EQ(r.value->outcome, Verification::Outcome::kUnavailable);
  EXPECT_NE(r.value->reason.find("bad"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::admission

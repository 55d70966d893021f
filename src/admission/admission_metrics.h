// AdmissionMetrics: the webhook's Prometheus metrics — reviews by endpoint and result, review
// latency histogram, verifications by outcome, verification cache hits and misses, registry
// errors, refused requests — as lock-free counters rendered in the text exposition format.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace attestfs::admission {

class AdmissionMetrics {
 public:
  enum class Endpoint { kValidate, kMutate };
  enum class Result { kAllowed, kDenied, kBadRequest };

  void RecordReview(Endpoint endpoint, Result result, double seconds);
  void RecordVerification(std::string_view outcome);  // "verified" | "denied" | "unavailable"
  void RecordCacheHit() { cache_hits_.fetch_add(1, std::memory_order_relaxed); }
  void RecordCacheMiss() { cache_misses_.fetch_add(1, std::memory_order_relaxed); }
  void RecordRegistryError() { registry_errors_.fetch_add(1, std::memory_order_relaxed); }
  void RecordRefused() { refused_.fetch_add(1, std::memory_order_relaxed); }  // 4xx before parsing

  uint64_t reviews(Endpoint e, Result r) const;
  uint64_t cache_hits() const { return cache_hits_.load(); }

  // Prometheus text format (version 0.0.4).
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   5};
  std::array<std::array<std::atomic<uint64_t>, 3>, 2> reviews_{};
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> latency_buckets_{};  // last: +Inf
  std::atomic<uint64_t> latency_count_{0};
  std::atomic<uint64_t> latency_sum_us_{0};
  std::array<std::atomic<uint64_t>, 3> verifications_{};
  std::atomic<uint64_t> cache_hits_{0}, cache_misses_{0}, registry_errors_{0}, refused_{0};
};

}  // namespace attestfs::admission

// AdmissionMetrics rendering.
#include "admission/admission_metrics.h"

#include <cstdio>

namespace attestfs::admission {

namespace {
constexpr const char* kEndpoints[] = {"validate", "mutate"};
constexpr const char* kResults[] = {"allowed", "denied", "bad_request"};
constexpr const char* kOutcomes[] = {"verified", "denied", "unavailable"};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

void AdmissionMetrics::RecordReview(Endpoint endpoint, Result result, double seconds) {
  reviews_[static_cast<int>(endpoint)][static_cast<int>(result)].fetch_add(
      1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  latency_buckets_[b].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void AdmissionMetrics::RecordVerification(std::string_view outcome) {
  for (int i = 0; i < 3; ++i) {
    if (outcome == kOutcomes[i]) verifications_[i].fetch_add(1, std::memory_order_relaxed);
  }
}

uint64_t AdmissionMetrics::reviews(Endpoint e, Result r) const {
  return reviews_[static_cast<int>(e)][static_cast<int>(r)].load();
}

std::string AdmissionMetrics::Render() const {
  std::string out;
  out +=
      "# HELP attestfs_admission_reviews_total AdmissionReviews answered, by endpoint and "
      "result.\n";
  out += "# TYPE attestfs_admission_reviews_total counter\n";
  for (int e = 0; e < 2; ++e) {
    for (int r = 0; r < 3; ++r) {
      out += std::string("attestfs_admission_reviews_total{endpoint=\"") + kEndpoints[e] +
             "\",result=\"" + kResults[r] + "\"} " + std::to_string(reviews_[e][r].load()) + "\n";
    }
  }
  out += "# HELP attestfs_admission_review_duration_seconds Time to answer an AdmissionReview.\n";
  out += "# TYPE attestfs_admission_review_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t b = 0; b <= kBuckets.size(); ++b) {
    cumulative += latency_buckets_[b].load();
    out += "attestfs_admission_review_duration_seconds_bucket{le=\"" +
           (b < kBuckets.size() ? Num(kBuckets[b]) : std::string("+Inf")) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "attestfs_admission_review_duration_seconds_sum " +
         Num(static_cast<double>(latency_sum_us_.load()) / 1e6) + "\n";
  out += "attestfs_admission_review_duration_seconds_count " +
         std::to_string(latency_count_.load()) + "\n";
  out += "# HELP attestfs_admission_verifications_total Artefact verifications run, by outcome.\n";
  out += "# TYPE attestfs_admission_verifications_total counter\n";
  for (int i = 0; i < 3; ++i) {
    out += std::string("attestfs_admission_verifications_total{outcome=\"") + kOutcomes[i] +
           "\"} " + std::to_string(verifications_[i].load()) + "\n";
  }
  auto counter = [&out](const char* name, const char* help, uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
           " " + std::to_string(v) + "\n";
  };
  counter("attestfs_admission_verification_cache_hits_total",
          "References answered from the verification cache.", cache_hits_.load());
  counter("attestfs_admission_verification_cache_misses_total",
          "References that needed a verification (started or joined).", cache_misses_.load());
  counter("attestfs_admission_registry_errors_total",
          "Registry requests that failed (unreachable, timed out, refused).",
          registry_errors_.load());
  counter("attestfs_admission_refused_requests_total",
          "Requests refused before review (size, method, content type).", refused_.load());
  return out;
}

}  // namespace attestfs::admission

// ReferenceChecker: decides one workload reference for a review — the first rule whose
// namespace and image patterns match, the tag resolved to a digest at the registry, then the
// cached or fresh `verify REF` (app::VerifyArtifact: signed evidence among the referrers, the
// rule's trust, its policy) — and turns the outcome into a verdict under the rule's mode and
// failure policy. Registry connections are kept per (registry, credentials) and shared by
// every review; pull secrets of the pod are read from a mounted directory. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "admission/admission_config.h"
#include "admission/admission_metrics.h"
#include "admission/admission_request.h"
#include "base/result.h"

namespace attestfs::admission {

struct ReferenceVerdict {
  enum class Outcome { kAllowed, kDenied };
  Outcome outcome = Outcome::kDenied;
  bool verified = false;  // evidence verified (and the policy passed)
  std::string reference;  // as written
  std::string digest;     // "sha256:..." when resolved
  std::string pinned;     // the reference with its digest, when verified and not yet pinned
  std::string rule;       // the rule that applied ("" when none matched)
  std::string reason;
  std::vector<std::string> warnings;
  bool cache_hit = false;
};

// Who is asking: the review's namespace and the pod's image pull secrets.
struct ReviewContext {
  std::string namespace_;
  std::vector<std::string> pull_secrets;
  std::chrono::steady_clock::time_point deadline;
};

class ReferenceChecker {
 public:
  // Loads every rule's trust and policy (kUsage naming the rule when one fails to load).
  static Result<std::unique_ptr<ReferenceChecker>> Create(const AdmissionConfig& config,
                                                          AdmissionMetrics* metrics);
  ~ReferenceChecker();

  ReferenceVerdict Check(const std::string& reference, const ReviewContext& context);

  size_t cached() const;

 private:
  struct Impl;
  explicit ReferenceChecker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::admission

// Verification: the outcome of verifying one artefact (repository@digest) under one admission
// rule's trust and policy — what the cache keeps and what a review's answer is built from.
#pragma once

#include <string>
#include <vector>

namespace attestfs::admission {

struct Verification {
  enum class Outcome {
    kVerified,     // signed evidence verified and the policy (if any) passed
    kDenied,       // no verified evidence, content mismatch, or the policy failed
    kUnavailable,  // the registry could not be reached or did not answer in time
  };
  Outcome outcome = Outcome::kDenied;
  std::string reason;                 // the denial, or what the verdict rests on
  std::vector<std::string> warnings;  // policy rules at warning level that did not pass
};

}  // namespace attestfs::admission

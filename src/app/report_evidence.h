// BuildReportEvidence: the `evidence` use case up to signing — a JSON report (a bias-test result,
// an evaluation) wrapped as the predicate of an in-toto Statement whose subject is a scanned
// target (its name and content digest), with the signed creation time. Prints nothing.
#pragma once

#include <string>

#include "attestation/statement.h"
#include "base/clock.h"
#include "base/result.h"
#include "targets/target_spec.h"

namespace attestfs::app {

inline constexpr uint64_t kMaxReportBytes = 32 << 20;  // a report given to `evidence`

struct ReportEvidenceRequest {
  std::string report_file;     // JSON, at most kMaxReportBytes, depth-checked
  targets::TargetSpec target;  // what the report is about
  std::string predicate_type;  // a URI
  std::string name;            // subject name ("" = the target's default)
  const Clock* clock = nullptr;
};

// kUsage for a predicate type that is not a URI or a report that is not JSON.
Result<attestation::Statement> BuildReportEvidence(const ReportEvidenceRequest& request);

}  // namespace attestfs::app

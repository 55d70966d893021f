// BuildReportEvidence: read and check the report -> scan the target -> statement.
#include "app/report_evidence.h"

#include <nlohmann/json.hpp>

#include "app/evidence_builder.h"
#include "base/file_io.h"
#include "base/json_depth.h"
#include "targets/scanner.h"

namespace attestfs::app {

Result<attestation::Statement> BuildReportEvidence(const ReportEvidenceRequest& r) {
  if (r.predicate_type.find(':') == std::string::npos)
    return Error(Errc::kUsage, "--predicate-type must be a URI, not '" + r.predicate_type + "'");
  auto report = ReadFileLimited(r.report_file, kMaxReportBytes);
  if (!report.ok()) return report.error().Context("read evidence");
  if (Status d = CheckJsonDepth(*report); !d.ok()) return d.error().Context(r.report_file);
  auto parsed = nlohmann::json::parse(*report, nullptr, false);
  if (parsed.is_discarded()) {
    return Error(Errc::kUsage,
                 r.report_file + " is not JSON (the predicate must be a JSON document)");
  }
  targets::ScanOptions scan;
  scan.compute_chunks = false;
  auto scanned = targets::ScanTarget(r.target, scan);
  if (!scanned.ok()) return scanned.error().Context("scan " + r.target.ToString());
  SystemClock system;
  AFS_ASSIGN_OR_RETURN(int64_t created,
                       EvidenceCreationTime(r.clock != nullptr ? *r.clock : system));
  attestation::Statement st;
  st.subjects.push_back(
      SubjectFor(*scanned, r.name.empty() ? scanned->default_name : r.name, created));
  st.predicate_type = r.predicate_type;
  st.predicate_json = parsed.dump();
  return st;
}

}  // namespace attestfs::app

// CollectStoredEvidence: the local evidence sources of the pipeline (verify::FindStoredEvidence:
// an explicit attestation file, then the store's entries by name, then about a subject digest)
// read into documents (deduplicated, bounded by the document limit; unreadable entries dropped).
// Nothing here is trusted: every document goes through the one verification step
// (verify::SelectContentAttestation or verify::SelectManifestEvidence), which verifies signatures
// and orders them newest first by their signed creation time. Remote sources are
// app::FetchVerifiedPayloads (registry referrers, cosign .att, tag schema) and
// app::ReferrerPayloads (OCI layouts).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "verify/stored_evidence.h"

namespace attestfs::app {

// verify::EvidenceQuery's sources, plus which store to read them from.
struct EvidenceQuery : verify::EvidenceQuery {
  std::string store;  // store root ("" = the default)
};

// A missing store contributes nothing; an unreadable explicit file is an error.
Result<std::vector<std::string>> CollectStoredEvidence(const EvidenceQuery& query);

}  // namespace attestfs::app

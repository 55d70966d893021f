// CollectStoredEvidence: the local evidence sources of the pipeline (verify::FindStoredEvidence:
// an explicit attestation file, then the store's entries by name, then about a subject digest)
// read into documents (deduplicated, bounded by the document limit; unreadable entries dropped).
// Nothing here is trusted: every document goes through the one verification step
// (verify::SelectContentAttestation or verify::SelectManifestEvidence), which verifies signatures
// and orders them newest first by their signed creation time. Remote sources are
// app::FetchVerifiedPayloads (registry referrers, cosign .att, tag schema) and
// app::ReferrerPayloads (OCI layouts).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"

namespace attestfs::app {

struct EvidenceQuery {
  std::string attestation_file;           // read first when given
  bool store_with_file = false;           // consult the store even when a file is given
  bool use_store = true;                  // false: the file only
  std::string store;                      // store root ("" = the default)
  std::optional<digest::Digest> subject;  // store entries about this digest
  std::string name;                       // store entries by this name (first)
};

// A missing store contributes nothing; an unreadable explicit file is an error.
Result<std::vector<std::string>> CollectStoredEvidence(const EvidenceQuery& query);

}  // namespace attestfs::app

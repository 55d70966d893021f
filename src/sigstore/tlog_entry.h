// TlogEntry: one transparency-log entry of a Sigstore bundle (verificationMaterial.tlogEntries):
// the canonicalized Rekor body, where it sits in the log, and the log's evidence for it — an
// inclusion promise (SET, Rekor v1) and/or an inclusion proof up to a signed checkpoint.
// Untrusted until TlogVerifier has checked it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace attestfs::sigstore {

struct InclusionProof {
  uint64_t log_index = 0;  // index in the (shard's) tree; may differ from the entry's log index
  uint64_t tree_size = 0;
  std::string root_hash;  // raw
  std::vector<std::string> hashes;
  std::optional<std::string> checkpoint;  // signed note text
};

struct TlogEntry {
  uint64_t log_index = 0;
  std::string log_id;  // raw key id
  std::string kind;    // hashedrekord, intoto, dsse
  std::string version;
  int64_t integrated_time = 0;                        // 0 when absent (Rekor v2)
  std::optional<std::string> signed_entry_timestamp;  // raw SET signature
  std::optional<InclusionProof> proof;
  std::string body;  // canonicalized body, decoded bytes
};

}  // namespace attestfs::sigstore

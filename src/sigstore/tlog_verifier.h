// Transparency-log evidence for one entry: the log is in the trusted root; its inclusion
// promise (SET: the log's signature over {body, integratedTime, logID, logIndex}) verifies;
// its inclusion proof (RFC 9162) leads from the body's leaf hash to the root of a checkpoint
// the log signed. Sharded Rekor v1 logs: the proof's index is the shard index, the SET's the
// global one.
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.h"
#include "sigstore/tlog_entry.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

struct TlogEvidence {
  // The integrated time the log signed (SET), checked against the log's validity and `now`;
  // nullopt when the entry has no SET (Rekor v2): then only a timestamp gives a time.
  std::optional<int64_t> integrated_time;
  const TransparencyLog* log = nullptr;
};

// Errors name the step: "tlog entry: log id ... is not in the trusted root", "inclusion promise:
// ...", "inclusion proof: computed root X != expected root Y", "checkpoint: ...".
Result<TlogEvidence> VerifyTlogEntry(const TlogEntry& entry, const TrustedRoot& root, int64_t now);

// The canonical JSON a SET signs (RFC 8785 for these four keys).
std::string SetPayload(const TlogEntry& entry);

}  // namespace attestfs::sigstore

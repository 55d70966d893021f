// SET, inclusion proof and checkpoint checks for one tlog entry.
#include "sigstore/tlog_verifier.h"

#include "base/clock.h"
#include "digest/base64.h"
#include "digest/digest.h"
#include "sigstore/checkpoint.h"
#include "sigstore/merkle.h"
#include "sigstore/signature_check.h"

namespace attestfs::sigstore {
namespace {

Error Fail(const std::string& what) { return Error(Errc::kVerificationFailed, what); }

Status VerifyProof(const TlogEntry& e, const TransparencyLog& log) {
  const InclusionProof& p = *e.proof;
  Status st =
      VerifyInclusionProof(p.log_index, p.tree_size, MerkleLeafHash(e.body), p.hashes, p.root_hash);
  if (!st.ok()) return Fail("inclusion proof: " + st.error().message());
  if (!p.checkpoint) return OkStatus();  // v0.1 bundles: the SET vouches for the entry
  auto cp = Checkpoint::Parse(*p.checkpoint);
  if (!cp.ok()) return Fail(cp.error().message());
  AFS_TRY(cp->VerifySignature(log));
  if (cp->root_hash != p.root_hash) {
    return Fail("inclusion proof: proof root " + digest::HexEncode(p.root_hash) +
                " != checkpoint root " + digest::HexEncode(cp->root_hash));
  }
  if (cp->size != p.tree_size) {
    return Fail("inclusion proof: tree size " + std::to_string(p.tree_size) +
                " != checkpoint size " + std::to_string(cp->size));
  }
  return OkStatus();
}

}  // namespace

std::string SetPayload(const TlogEntry& e) {
  // Keys sorted, no spaces: the RFC 8785 form of this object.
  return "{\"body\":\"" + digest::Base64Encode(e.body) +
         "\",\"integratedTime\":" + std::to_string(e.integrated_time) + ",\"logID\":\"" +
         digest::HexEncode(e.log_id) + "\",\"logIndex\":" + std::to_string(e.log_index) + "}";
}

Result<TlogEvidence> VerifyTlogEntry(const TlogEntry& e, const TrustedRoot& root, int64_t now) {
  TlogEvidence ev;
  ev.log = root.FindTlog(e.log_id);
  if (ev.log == nullptr) {
    return Fail("tlog entry: log id " + digest::Base64Encode(e.log_id) +
                " is not in the trusted root");
  }
  if (!e.signed_entry_timestamp && !e.proof) {
    return Fail("tlog entry: neither an inclusion promise nor an inclusion proof");
  }
  if (e.signed_entry_timestamp) {
    Status st =
        VerifySpkiSignature(ev.log->public_key_der, SetPayload(e), *e.signed_entry_timestamp);
    if (!st.ok())
      return Fail("inclusion promise: the SET does not verify with " + ev.log->base_url);
    if (e.integrated_time > now + 60) {
      return Fail("inclusion promise: integrated time " + FormatRfc3339(e.integrated_time) +
                  " is in the future");
    }
    if (!ev.log->valid_for.Contains(e.integrated_time)) {
      return Fail("tlog entry: integrated time " + FormatRfc3339(e.integrated_time) +
                  " is outside the log's validity " + ev.log->valid_for.Describe());
    }
    ev.integrated_time = e.integrated_time;
  }
  if (e.proof) AFS_TRY(VerifyProof(e, *ev.log));
  return ev;
}

}  // namespace attestfs::sigstore

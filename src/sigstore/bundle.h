// Bundle: a Sigstore bundle (v0.1, v0.2, v0.3) with everything a keyless verifier needs: the
// verification material (public-key hint, certificate or chain), transparency-log entries,
// RFC 3161 timestamps, and either a message signature or a DSSE envelope. Structural rules are
// checked here (known media type, one kind of material, non-negative indexes, v0.2+ entries
// carry inclusion proofs, v0.1 entries inclusion promises); cryptography in BundleVerifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/dsse_envelope.h"
#include "base/result.h"
#include "sigstore/tlog_entry.h"

namespace attestfs::sigstore {

struct MessageSignature {
  std::string digest;  // raw SHA-256 of the artifact as the signer stated it (may be empty)
  std::string signature;
};

struct Bundle {
  int minor_version = 3;  // 1, 2 or 3 (v0.x)
  bool public_key = false;
  std::string public_key_hint;
  std::vector<std::string> certificates;  // DER, leaf first
  std::vector<TlogEntry> tlog_entries;
  std::vector<std::string> rfc3161_timestamps;  // DER TimeStampResp (or bare token)
  std::optional<MessageSignature> message_signature;
  std::optional<attestation::DsseEnvelope> dsse;

  static Result<Bundle> Parse(std::string_view json);
  // The signature bytes the log and timestamps cover.
  const std::string& Signature() const;
};

}  // namespace attestfs::sigstore

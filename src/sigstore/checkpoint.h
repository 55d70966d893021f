// Checkpoint: a transparency log's signed tree head in the signed-note format
// (c2sp.org/tlog-checkpoint, c2sp.org/signed-note):
//   <origin>\n<tree size>\n<base64 root hash>\n[extension lines\n]\n
//   — <signer name> <base64(4-byte key hint || signature)>\n   (one line per signature)
// The log's signature is the one whose key hint is the first four bytes of its log id; witness
// cosignatures and other signers are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

struct NoteSignature {
  std::string name;
  std::string key_hint;  // 4 bytes
  std::string signature;
};

struct Checkpoint {
  std::string body;  // the signed text, up to and including the line before the blank line
  std::string origin;
  uint64_t size = 0;
  std::string root_hash;  // raw
  std::vector<std::string> extensions;
  std::vector<NoteSignature> signatures;

  // kMalformed naming what is missing (origin, size, root hash, signature lines).
  static Result<Checkpoint> Parse(std::string_view note);
  // OK when a signature with the log's key hint verifies with the log's key over `body`.
  Status VerifySignature(const TransparencyLog& log) const;
};

}  // namespace attestfs::sigstore

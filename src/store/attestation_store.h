// AttestationStore: a local, content-addressed store of signed attestations (DSSE envelopes
// and Sigstore bundles). Layout under the root:
//   blobs/sha256/<hex>     the exact bytes as signed (envelope or bundle JSON)
//   entries/<hex>.json     index entry: media type, predicate type, subject names/digests, created
// Writes are atomic (blob first, then entry; temp + fsync + rename), so an interrupted run never
// leaves a partial attestation or an entry without its blob. Stored bytes are untrusted: Get()
// re-checks the digest and callers verify the signature before using anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace attestfs::store {

struct StoreEntry {
  std::string digest;  // "sha256:<hex>" of the stored bytes
  std::string media_type;
  std::string predicate_type;
  std::vector<std::string> subject_names;
  std::vector<std::string> subject_digests;  // "sha256:<hex>"
  std::string created;                       // RFC 3339, from the signed statement
  uint64_t size = 0;
};

class AttestationStore {
 public:
  explicit AttestationStore(std::string root) : root_(std::move(root)) {}

  // The default root: /var/lib/attestfs for root, else $XDG_DATA_HOME/attestfs
  // (or ~/.local/share/attestfs).
  static std::string DefaultRoot();

  const std::string& root() const { return root_; }

  // Stores the bytes and their index entry; returns the entry (digest filled in).
  Result<StoreEntry> Put(const std::string& bytes, StoreEntry entry) const;
  // Reads the bytes of an attestation by digest ("sha256:<hex>" or a unique hex prefix),
  // checking that they still hash to that digest.
  Result<std::string> Get(const std::string& digest) const;
  Result<StoreEntry> Entry(const std::string& digest) const;
  // All entries, newest first (by created, then digest). Malformed entries are skipped.
  Result<std::vector<StoreEntry>> List() const;
  Result<std::vector<StoreEntry>> FindByName(const std::string& name) const;
  Result<std::vector<StoreEntry>> FindBySubjectDigest(const std::string& digest) const;

 private:
  Result<std::string> ResolveDigest(const std::string& digest_or_prefix) const;
  std::string root_;
};

}  // namespace attestfs::store

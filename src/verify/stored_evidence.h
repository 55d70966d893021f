// FindStoredEvidence: the local sources of the evidence pipeline — an explicit attestation file,
// then the store's entries by subject name, then by subject digest — as documents with an id
// (the file path, or the store digest), deduplicated. Nothing here is trusted: every document
// goes through the one verification and deciding step (VerifySignedAttestation, ChooseContent),
// which orders them by signed creation time. Used by the tree verifier and, through
// app::CollectStoredEvidence, by the mounts and local images.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"
#include "store/attestation_store.h"

namespace attestfs::verify {

struct EvidenceQuery {
  std::string attestation_file;           // read first when given
  bool store_with_file = false;           // consult the store even when a file is given
  bool use_store = true;                  // false: the file only
  std::string name;                       // store entries by this subject name (first)
  std::optional<digest::Digest> subject;  // then store entries about this digest
};

struct StoredDocument {
  std::string id;             // the file path, or the store digest "sha256:<hex>"
  Result<std::string> bytes;  // the document, or why it could not be read (size, I/O)
};

// An unreadable explicit file is an error unless it is merely too large (then a document whose
// bytes carry kTooLarge, so the caller reports it like any document that did not verify).
Result<std::vector<StoredDocument>> FindStoredEvidence(const store::AttestationStore& store,
                                                       const EvidenceQuery& query);

}  // namespace attestfs::verify

// FindStoredEvidence: file, then store by name, then by subject digest (see stored_evidence.h).
#include "verify/stored_evidence.h"

#include <set>

#include "attestation/statement.h"
#include "base/file_io.h"

namespace attestfs::verify {

Result<std::vector<StoredDocument>> FindStoredEvidence(const store::AttestationStore& store,
                                                       const EvidenceQuery& q) {
  std::vector<StoredDocument> out;
  if (!q.attestation_file.empty()) {
    auto bytes = ReadFileLimited(q.attestation_file, attestation::kMaxDocumentBytes);
    if (!bytes.ok() && bytes.error().code() != Errc::kTooLarge)
      return bytes.error().Context("read attestation");
    out.push_back({q.attestation_file, std::move(bytes)});
    if (!q.store_with_file) return out;
  }
  if (!q.use_store) return out;
  std::set<std::string> seen;
  auto add = [&](const std::vector<store::StoreEntry>& entries) {
    for (const auto& e : entries) {
      if (seen.insert(e.digest).second) out.push_back({e.digest, store.Get(e.digest)});
    }
  };
  if (!q.name.empty()) {
    AFS_ASSIGN_OR_RETURN(auto by_name, store.FindByName(q.name));
    add(by_name);
  }
  if (q.subject) {
    AFS_ASSIGN_OR_RETURN(auto by_digest, store.FindBySubjectDigest(q.subject->ToString()));
    add(by_digest);
  }
  return out;
}

}  // namespace attestfs::verify

// CollectStoredEvidence: file, then store by subject digest, then store by name (deduplicated).
#include "app/evidence_collector.h"

#include <set>

#include "app/environment.h"
#include "attestation/statement.h"
#include "base/file_io.h"
#include "store/attestation_store.h"

namespace attestfs::app {

Result<std::vector<std::string>> CollectStoredEvidence(const EvidenceQuery& q) {
  std::vector<std::string> docs;
  if (!q.attestation_file.empty()) {
    AFS_ASSIGN_OR_RETURN(std::string bytes,
                         ReadFileLimited(q.attestation_file, attestation::kMaxDocumentBytes));
    docs.push_back(std::move(bytes));
    if (!q.store_with_file) return docs;
  }
  if (!q.use_store) return docs;
  store::AttestationStore store(StoreRoot(q.store));
  std::set<std::string> seen;
  auto add = [&](Result<std::vector<store::StoreEntry>> entries) -> Status {
    if (!entries.ok()) {
      return entries.error().code() == Errc::kNotFound ? OkStatus() : Status(entries.error());
    }
    for (const auto& e : *entries) {
      if (!seen.insert(e.digest).second) continue;
      if (auto b = store.Get(e.digest); b.ok()) docs.push_back(std::move(*b));
    }
    return OkStatus();
  };
  if (q.subject) AFS_TRY(add(store.FindBySubjectDigest(q.subject->ToString())));
  if (!q.name.empty()) AFS_TRY(add(store.FindByName(q.name)));
  return docs;
}

}  // namespace attestfs::app

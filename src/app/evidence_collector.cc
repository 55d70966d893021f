// CollectStoredEvidence: verify::FindStoredEvidence, documents only.
#include "app/evidence_collector.h"

#include "app/environment.h"
#include "store/attestation_store.h"
#include "verify/stored_evidence.h"

namespace attestfs::app {

Result<std::vector<std::string>> CollectStoredEvidence(const EvidenceQuery& q) {
  store::AttestationStore store(StoreRoot(q.store));
  AFS_ASSIGN_OR_RETURN(auto found, verify::FindStoredEvidence(store, q));
  std::vector<std::string> docs;
  for (auto& d : found) {
    if (d.bytes.ok()) {
      docs.push_back(std::move(*d.bytes));
    } else if (!q.attestation_file.empty() && d.id == q.attestation_file) {
      return d.bytes.error().Context("read attestation");  // the file the user named
    }
  }
  return docs;
}

}  // namespace attestfs::app

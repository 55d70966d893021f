// EvidencePublisher: sign -> store -> file -> attach (see evidence_publisher.h).
#include "app/evidence_publisher.h"

#include "app/environment.h"
#include "base/file_io.h"

namespace attestfs::app {

Result<EvidencePublisher> EvidencePublisher::Open(const PublishOptions& o, const Clock& clock) {
  if (o.kind != OutputKind::kAttest && o.kind != OutputKind::kBundle)
    return Error(Errc::kUsage, "signed evidence needs -o attest or -o bundle");
  if (o.key.empty()) return Error(Errc::kUsage, "-o attest/bundle needs --key PRIVATE.pem");
  if (!o.cert.empty() && o.kind != OutputKind::kBundle)
    return Error(Errc::kUsage, "--cert needs -o bundle");
  AFS_ASSIGN_OR_RETURN(auto signer, LoadSigner(o.key, o.cert, clock));
  return EvidencePublisher(o, std::move(signer));
}

Result<PublishedEvidence> EvidencePublisher::Publish(const attestation::Statement& st,
                                                     const OciAttachTarget* attach) const {
  PublishedEvidence out;
  AFS_ASSIGN_OR_RETURN(out.bytes, SignStatement(st, options_.kind, *signer_));
  store::AttestationStore store(StoreRoot(options_.store));
  AFS_ASSIGN_OR_RETURN(out.entry, StoreSigned(store, out.bytes, st, options_.kind));
  out.store_root = store.root();
  if (!options_.output_file.empty()) AFS_TRY(WriteFileAtomic(options_.output_file, out.bytes));
  if (attach != nullptr) {
    AFS_ASSIGN_OR_RETURN(out.referrer, AttachEvidence(*attach, out.bytes, st, options_.kind));
  }
  return out;
}

}  // namespace attestfs::app

// EvidencePublisher: sign -> store -> file -> attach (see evidence_publisher.h).
#include "app/evidence_publisher.h"

#include "app/environment.h"
#include "attestation/media_types.h"
#include "base/file_io.h"
#include "oci/http/curl_http_client.h"

namespace attestfs::app {

Result<EvidencePublisher> EvidencePublisher::Open(const PublishOptions& o, const Clock& clock) {
  if (o.kind != OutputKind::kAttest && o.kind != OutputKind::kBundle)
    return Error(Errc::kUsage, "signed evidence needs -o attest or -o bundle");
  if (o.keyless) {
    if (o.kind != OutputKind::kBundle) return Error(Errc::kUsage, "--keyless needs -o bundle");
    if (!o.key.empty() || !o.cert.empty()) {
      return Error(Errc::kUsage, "--keyless signs with an ephemeral key: no --key or --cert");
    }
    oci::http::HttpClientOptions http;
    http.ca_file = o.ca_file;
    return EvidencePublisher(o, nullptr, std::make_shared<oci::http::CurlHttpClient>(http));
  }
  if (o.key.empty()) {
    return Error(Errc::kUsage, "-o attest/bundle needs --key PRIVATE.pem (or -o bundle --keyless)");
  }
  if (!o.cert.empty() && o.kind != OutputKind::kBundle)
    return Error(Errc::kUsage, "--cert needs -o bundle");
  AFS_ASSIGN_OR_RETURN(auto signer, LoadSigner(o.key, o.cert, clock));
  return EvidencePublisher(o, std::move(signer));
}

Result<PublishedEvidence> EvidencePublisher::Publish(const attestation::Statement& st,
                                                     const OciAttachTarget* attach) const {
  PublishedEvidence out;
  AFS_ASSIGN_OR_RETURN(out.bytes, Sign(st));
  store::AttestationStore store(StoreRoot(options_.store));
  AFS_ASSIGN_OR_RETURN(out.entry, StoreSigned(store, out.bytes, st, options_.kind));
  out.store_root = store.root();
  if (!options_.output_file.empty()) AFS_TRY(WriteFileAtomic(options_.output_file, out.bytes));
  if (attach != nullptr) {
    AFS_ASSIGN_OR_RETURN(out.referrer, AttachEvidence(*attach, out.bytes, st, options_.kind));
  }
  return out;
}

Result<std::string> EvidencePublisher::Sign(const attestation::Statement& st) const {
  if (!options_.keyless) return SignStatement(st, options_.kind, *signer_);
  KeylessContent content;
  content.payload_type = std::string(attestation::kInTotoPayloadType);
  content.payload = st.Serialize();
  AFS_ASSIGN_OR_RETURN(KeylessSigningResult r,
                       SignKeyless(*options_.keyless, content, *http_, *clock_));
  return std::move(r.bundle_json);
}

}  // namespace attestfs::app

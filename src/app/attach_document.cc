// AttachDocument: read -> (verify) -> resolve the artifact -> attach (see attach_document.h).
#include "app/attach_document.h"

#include "app/evidence_builder.h"
#include "app/oci_evidence.h"
#include "attestation/media_types.h"
#include "base/file_io.h"
#include "oci/referrer_artifact.h"
#include "verify/signed_attestation.h"

namespace attestfs::app {

Result<AttachResult> AttachDocument(const AttachRequest& r) {
  if (r.registry == nullptr) return Error(Errc::kInternal, "attach without a registry connection");
  auto bytes = ReadFileLimited(r.file, oci::kMaxAttachmentBytes);
  if (!bytes.ok()) return bytes.error().Context("read " + r.file);
  auto media_type = verify::DetectMediaType(*bytes);
  if (!media_type.ok()) return media_type.error().Context(r.file);
  const OutputKind kind =
      *media_type == attestation::kBundleMediaTypeV03 ? OutputKind::kBundle : OutputKind::kAttest;
  AttachResult out;
  attestation::Statement statement;
  if (r.trust != nullptr) {
    auto verified = verify::VerifySignedAttestation(*bytes, *r.trust);
    if (!verified.ok()) {
      return Error(Errc::kVerificationFailed, r.file + ": " + verified.error().message());
    }
    statement = verified->statement;
  } else {
    auto parsed = verify::UnverifiedStatementForIndex(*bytes);
    if (!parsed.ok()) return parsed.error().Context(r.file);
    statement = *parsed;
    out.warnings.push_back("no trust material given: " + r.file +
                           " is attached without checking its signature");
  }
  AFS_ASSIGN_OR_RETURN(auto target, ResolveAttachTarget(*r.registry, r.ref));
  bool names_manifest = false;
  for (const auto& s : statement.subjects) {
    auto it = s.digest.find("sha256");
    names_manifest |= it != s.digest.end() && it->second == target.manifest.descriptor.digest.Hex();
  }
  if (!names_manifest && !target.model) {
    out.warnings.push_back("no subject of " + r.file + " names " +
                           target.manifest.descriptor.digest.ToString() +
                           "; verify will not accept it for this artifact");
  }
  AFS_ASSIGN_OR_RETURN(out.referrer, AttachEvidence(target, *bytes, statement, kind));
  return out;
}

}  // namespace attestfs::app

// Evidence and registry artifacts: resolving the artifact that evidence is attached to, the
// one-to-one file/layer check behind `bom --oci`, and attaching signed envelopes/bundles as
// referrers (bom --oci, bom registry:REF, push --key, attach). Registry I/O only through oci/.
#pragma once

#include <string>
#include <vector>

#include "app/evidence_builder.h"
#include "attestation/file_manifest.h"
#include "attestation/statement.h"
#include "base/result.h"
#include "base/temp_dir.h"
#include "keys/trust_policy.h"
#include "oci/reference.h"
#include "oci/referrers_client.h"
#include "oci/registry_client.h"

namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::app {

struct OciAttachTarget {
  oci::RegistryConnection* conn = nullptr;  // not owned
  oci::Reference ref;
  oci::FetchedManifest manifest;  // resolved, digest-verified
  bool model = false;             // a ModelPack artifact (else an image or other artifact)
};

// Resolves REF (tag or digest) to its manifest. kUsage for an unparsable reference.
Result<OciAttachTarget> ResolveAttachTarget(oci::RegistryConnection& conn,
                                            const std::string& ref_text);

// Pulls a model artifact into a new temporary directory (manifest digests verified) so evidence
// can be made about exactly what the registry holds (removed with the returned TempDir).
Result<TempDir> PullModelForEvidence(const OciAttachTarget& target);

// The attested files and the artifact's layers match one to one (kVerificationFailed naming the
// differences; kUsage when the artifact is not a model).
Status CheckFilesMatchArtifact(const OciAttachTarget& target,
                               const attestation::FileManifest& files);

// Adds the artifact's manifest digest as a subject (CycloneDX statements list it).
void AddManifestSubject(const OciAttachTarget& target, attestation::Statement* statement);

// Attaches a signed envelope (kAttest) or bundle (kBundle) about `statement` as a referrer of the
// target's manifest; returns the referrer manifest digest.
Result<std::string> AttachEvidence(const OciAttachTarget& target, const std::string& signed_bytes,
                                   const attestation::Statement& statement, OutputKind kind);

// Referrer payload bytes, newest first by the referrer's org.opencontainers.image.created
// annotation (stable for equal or missing times), for SelectContentAttestation and friends.
std::vector<std::string> PayloadsNewestFirst(std::vector<oci::ReferrerPayload> payloads);

// The referrer payloads of `subject` whose signatures verify under `trust`, newest first. Each
// payload is verified as it arrives and dropped at once when it does not verify, within the
// referrer count and byte caps of oci::PayloadFetchOptions; why payloads and referrers were
// passed over goes to `notes` (at most a few lines).
Result<std::vector<std::string>> FetchVerifiedPayloads(oci::ReferrersClient& referrers,
                                                       const oci::Reference& ref,
                                                       const digest::Digest& subject,
                                                       const keys::TrustPolicy& trust,
                                                       std::vector<std::string>* notes);

// "; note; note" (empty for no notes), for error messages.
std::string JoinNotes(const std::vector<std::string>& notes);

}  // namespace attestfs::app

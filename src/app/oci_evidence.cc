// Implementation of the evidence <-> registry artifact glue (see oci_evidence.h).
#include "app/oci_evidence.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "base/clock.h"
#include "base/temp_dir.h"
#include "oci/media_types.h"
#include "oci/model_artifact.h"
#include "oci/model_transfer.h"
#include "oci/referrer_artifact.h"
#include "oci/registry_connection.h"
#include "verify/signed_attestation.h"

namespace attestfs::app {

Result<OciAttachTarget> ResolveAttachTarget(oci::RegistryConnection& conn,
                                            const std::string& ref_text) {
  auto ref = oci::Reference::Parse(ref_text);
  if (!ref.ok()) return Error(Errc::kUsage, ref.error().message());
  OciAttachTarget t;
  t.conn = &conn;
  t.ref = *ref;
  auto fetched = conn.registry().FetchManifest(*ref);
  if (!fetched.ok()) return fetched.error().Context("resolve " + ref_text);
  t.manifest = std::move(*fetched);
  t.model = oci::IsModelManifest(t.manifest.bytes);
  return t;
}

Result<TempDir> PullModelForEvidence(const OciAttachTarget& target) {
  if (!target.model) {
    return Error(Errc::kUnsupported,
                 target.ref.ToString() + " is not a model artifact (ModelPack)");
  }
  AFS_ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("attestfs-bom"));
  auto pulled =
      oci::PullModel(target.conn->registry(),
                     target.ref.WithDigest(target.manifest.descriptor.digest), dir.path());
  if (!pulled.ok()) return pulled.error().Context("pull " + target.ref.ToString());
  return dir;
}

Status CheckFilesMatchArtifact(const OciAttachTarget& target,
                               const attestation::FileManifest& files) {
  if (!target.model) {
    return Error(Errc::kUsage, target.ref.ToString() +
                                   " is not a model artifact: evidence about a local model can "
                                   "only be attached to the model it was pushed as");
  }
  auto loaded = oci::LoadModelLayout(target.conn->registry(),
                                     target.ref.WithDigest(target.manifest.descriptor.digest));
  if (!loaded.ok()) return loaded.error().Context("load model " + target.ref.ToString());
  auto s = oci::CheckLayoutMatchesFiles(loaded->layout, files);
  if (!s.ok()) return s.error().Context("the target does not match " + target.ref.ToString());
  return OkStatus();
}

void AddManifestSubject(const OciAttachTarget& target, attestation::Statement* statement) {
  attestation::ResourceDescriptor rd;
  rd.name = target.ref.RepositoryName();
  rd.digest["sha256"] = target.manifest.descriptor.digest.Hex();
  statement->subjects.push_back(rd);
}

Result<std::string> AttachEvidence(const OciAttachTarget& target, const std::string& signed_bytes,
                                   const attestation::Statement& statement, OutputKind kind) {
  SystemClock clock;
  int64_t created = clock.NowUnixSeconds();
  if (auto t = statement.CreatedAt()) created = *t;
  auto artifact = kind == OutputKind::kBundle
                      ? oci::BuildBundleReferrer(target.manifest.descriptor, signed_bytes,
                                                 statement.predicate_type, created)
                      : oci::BuildDsseReferrer(target.manifest.descriptor, signed_bytes,
                                               statement.predicate_type, created);
  auto attached = target.conn->referrers().Attach(target.ref, artifact);
  if (!attached.ok())
    return attached.error().Context("attach evidence to " + target.ref.ToString());
  return attached->digest.ToString();
}

std::vector<std::string> PayloadsNewestFirst(std::vector<oci::ReferrerPayload> payloads) {
  auto created = [](const oci::ReferrerPayload& p) {
    auto it = p.annotations.find(std::string(oci::kAnnotationCreated));
    return it == p.annotations.end() ? std::string() : it->second;
  };
  std::stable_sort(payloads.begin(), payloads.end(),
                   [&](const auto& a, const auto& b) { return created(a) > created(b); });
  std::vector<std::string> docs;
  for (auto& p : payloads) docs.push_back(std::move(p.bytes));
  return docs;
}

Result<std::vector<std::string>> FetchVerifiedPayloads(oci::ReferrersClient& referrers,
                                                       const oci::Reference& ref,
                                                       const digest::Digest& subject,
                                                       const keys::TrustPolicy& trust,
                                                       std::vector<std::string>* notes) {
  constexpr size_t kMaxNotes = 8;
  std::vector<std::string> skipped;
  oci::PayloadFetchOptions options;
  options.skipped = &skipped;
  options.keep = [&](const oci::ReferrerPayload& p) {
    auto v = verify::VerifySignedAttestation(p.bytes, trust);
    if (!v.ok())
      skipped.push_back("referrer " + p.referrer.digest.ToString() + ": " + v.error().message());
    return v.ok();
  };
  AFS_ASSIGN_OR_RETURN(auto payloads, referrers.FetchPayloads(ref, subject, options));
  if (notes != nullptr) {
    for (auto& s : skipped) {
      if (notes->size() == kMaxNotes) break;
      notes->push_back(std::move(s));
    }
  }
  return PayloadsNewestFirst(std::move(payloads));
}

std::string JoinNotes(const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& n : notes) out += "; " + n;
  return out;
}

}  // namespace attestfs::app

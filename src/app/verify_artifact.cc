// VerifyArtifact: collect evidence (store / explicit file / referrers / layout referrers) ->
// verify signatures -> bind the newest verified evidence to the artifact -> optional policy ->
// optional signed evaluation (attached as a referrer for registry targets).
#include "app/verify_artifact.h"

#include <memory>

#include "app/environment.h"
#include "app/evidence_collector.h"
#include "app/model_binding.h"
#include "app/oci_evidence.h"
#include "app/store_evidence.h"
#include "image/image_check.h"
#include "image/image_target.h"
#include "image/opened_image.h"
#include "oci/artifact_store.h"
#include "oci/model_artifact.h"
#include "oci/model_transfer.h"
#include "oci/packed_layer_check.h"
#include "oci/registry_connection.h"
#include "policy/evaluator.h"
#include "policy/policy_file.h"
#include "store/attestation_store.h"
#include "verify/content_selection.h"
#include "verify/manifest_evidence.h"
#include "verify/policy_input.h"

namespace attestfs::app {

namespace {

using Kind = targets::TargetSpec::Kind;

// The newest verified statement naming the manifest digest decides; the image (config + every
// layer) is then re-read against its digests.
Status VerifyImage(image::OpenedImage& img, const std::vector<std::string>& docs,
                   const keys::TrustPolicy& trust, VerifyResult* out) {
  auto selected = verify::SelectManifestEvidence(docs, img.manifest_descriptor().digest, trust);
  out->verified_docs = std::move(selected.verified);
  out->used = std::move(selected.used);
  if (!out->used) {
    return Error(Errc::kVerificationFailed,
                 std::string(docs.empty() ? "no evidence found"
                                          : "no signed evidence about this image verified") +
                     selected.reasons);
  }
  out->layers = img.layers().size();
  return image::CheckImageBinding(img, out->used->statement);
}

// The newest verified content evidence bound to this manifest decides; every layer must hold
// listed files (raw ones by digest, packed ones member by member).
Status VerifyModel(oci::RegistryConnection& conn, const oci::Reference& ref,
                   const std::vector<std::string>& docs, const keys::TrustPolicy& trust,
                   VerifyResult* out) {
  auto selected =
      verify::SelectContentAttestation(docs, trust, /*require_full=*/false, out->manifest.digest);
  if (!selected.ok()) return selected.error();
  out->verified_docs = selected->verified;
  out->used = selected->attestation;
  out->files = selected->content.manifest.files.size();
  AFS_ASSIGN_OR_RETURN(auto fetched, conn.registry().FetchManifest(ref));
  oci::RegistryStore store(conn.registry(), conn.referrers(), ref);
  AFS_TRY(BindModelArtifact(store, fetched.bytes, selected->content.manifest,
                            /*check_packed=*/true));
  return OkStatus();
}

// Registry target: model artifact or image.
Status CheckRegistryArtifact(oci::RegistryConnection& conn, const VerifyRequest& r,
                             VerifyResult* out) {
  auto ref = oci::Reference::Parse(r.target.location);
  if (!ref.ok()) return Error(Errc::kUsage, ref.error().message());
  out->subject_name = ref->RepositoryName();
  auto fetched = conn.registry().FetchManifest(*ref);
  if (!fetched.ok()) return fetched.error().Context("resolve " + r.target.location);
  const oci::Reference pinned = ref->WithDigest(fetched->descriptor.digest);
  if (oci::IsModelManifest(fetched->bytes)) {
    out->kind = VerifyResult::Kind::kModel;
    out->manifest = fetched->descriptor;
    std::vector<std::string> notes;
    auto docs =
        FetchVerifiedPayloads(conn.referrers(), pinned, out->manifest.digest, *r.trust, &notes);
    if (!docs.ok()) return docs.error().Context("referrers of " + r.target.location);
    Status checked = VerifyModel(conn, pinned, *docs, *r.trust, out);
    if (checked.ok() || out->used) return checked;
    return Error(checked.error().code(), checked.error().message() + JoinNotes(notes));
  }
  // An image, or an index: OpenImage picks the platform image (linux/amd64, or the only one),
  // and the evidence is about that image's manifest.
  out->kind = VerifyResult::Kind::kImage;
  AFS_ASSIGN_OR_RETURN(auto target, image::ImageTargetFromSpec(
                                        {targets::TargetSpec::Kind::kRegistry, pinned.ToString()}));
  AFS_ASSIGN_OR_RETURN(auto img, image::OpenImage(target, &conn.registry()));
  out->manifest = img->manifest_descriptor();
  const oci::Reference image_ref = ref->WithDigest(out->manifest.digest);
  std::vector<std::string> notes;
  auto docs =
      FetchVerifiedPayloads(conn.referrers(), image_ref, out->manifest.digest, *r.trust, &notes);
  if (!docs.ok()) return docs.error().Context("referrers of " + image_ref.ToString());
  Status checked = VerifyImage(*img, *docs, *r.trust, out);
  if (checked.ok() || out->used) return checked;
  return Error(checked.error().code(), checked.error().message() + JoinNotes(notes));
}

// Local image (oci-layout, oci-archive, docker-archive): evidence from the store by manifest
// digest, plus the layout's own referrers (what `attestfs copy` brought along).
Status CheckLocalImage(const VerifyRequest& r, VerifyResult* out) {
  out->kind = VerifyResult::Kind::kImage;
  AFS_ASSIGN_OR_RETURN(auto target, image::ImageTargetFromSpec(r.target));
  out->subject_name = target.ToString();
  AFS_ASSIGN_OR_RETURN(auto img, image::OpenImage(target, nullptr));
  out->manifest = img->manifest_descriptor();
  EvidenceQuery query;
  query.store = r.store;
  query.subject = out->manifest.digest;
  AFS_ASSIGN_OR_RETURN(auto docs, CollectStoredEvidence(query));
  if (target.kind == image::ImageTarget::Kind::kOciLayout) {
    auto layout = oci::ImageLayout::Open(target.location);
    if (!layout.ok()) return layout.error();
    oci::LayoutStore layout_store(**layout);
    AFS_ASSIGN_OR_RETURN(auto referred, ReferrerPayloads(layout_store, out->manifest));
    for (auto& d : referred) docs.push_back(std::move(d));
  }
  return VerifyImage(*img, docs, *r.trust, out);
}

Result<VerifyResult> VerifyOciArtifact(const VerifyRequest& r) {
  VerifyResult out;
  Status checked = OkStatus();
  if (r.target.kind == Kind::kRegistry) {
    if (r.registry == nullptr)
      return Error(Errc::kInternal, "registry target without a connection");
    checked = CheckRegistryArtifact(*r.registry, r, &out);
  } else {
    checked = CheckLocalImage(r, &out);
  }
  out.verified = checked.ok();
  out.subject_digest = out.manifest.digest.ToString();
  if (!checked.ok() && checked.error().code() != Errc::kVerificationFailed &&
      checked.error().code() != Errc::kMalformed) {
    return checked.error().Context("verify " + r.target.ToString());
  }
  if (out.verified) {
    std::string by =
        "evidence " + out.used->digest + " signed by " + out.used->signer.description + "; ";
    out.reason =
        out.kind == VerifyResult::Kind::kModel
            ? by + std::to_string(out.files) + " files match the artifact's layers"
            : by + "config and " + std::to_string(out.layers) + " layers match their digests";
  } else {
    out.failure = checked.error().code();
    out.reason = checked.error().message();
  }
  return out;
}

Result<VerifyResult> VerifyTree(const VerifyRequest& r) {
  store::AttestationStore store(StoreRoot(r.store));
  verify::ArtifactVerifier verifier(*r.trust, store);
  verify::VerifyOptions vo;
  vo.target = r.target;
  vo.name = r.name;
  vo.attestation_file = r.attestation_file;
  vo.exclude = r.exclude;
  vo.progress = r.progress;
  auto report = verifier.Verify(vo);
  if (!report.ok()) return report.error().Context("verify " + r.target.ToString());
  VerifyResult out;
  out.kind = VerifyResult::Kind::kTree;
  out.verified = report->verified;
  out.failure = report->failure;
  out.reason = report->reason;
  out.subject_name = report->subject_name;
  // The policy's subject is what the deciding statement names, else the scanned content.
  out.subject_digest = report->used
                           ? "sha256:" + report->used->statement.subjects[0].digest.at("sha256")
                           : report->subject_digest;
  out.used = report->used;
  for (const auto& c : report->candidates) {
    if (c.verified && c.attestation) out.verified_docs.push_back(*c.attestation);
  }
  out.tree = std::move(*report);
  return out;
}

// Signs the evaluation, stores it, and attaches it for registry targets.
Status SignEvaluationOf(const VerifyRequest& r, VerifyResult* out) {
  store::AttestationStore store(StoreRoot(r.store));
  AFS_ASSIGN_OR_RETURN(auto signed_eval, SignEvaluation(*out->decision, r.sign, store));
  out->evaluation_store = store.root();
  if (r.target.kind == Kind::kRegistry && r.registry != nullptr) {
    AFS_ASSIGN_OR_RETURN(auto ref, oci::Reference::Parse(r.target.location));
    OciAttachTarget target;
    target.conn = r.registry;
    target.ref = ref;
    target.manifest.descriptor = out->manifest;  // the evaluated (platform) manifest
    AFS_ASSIGN_OR_RETURN(
        out->evaluation_referrer,
        AttachEvidence(target, signed_eval.bytes, signed_eval.statement, signed_eval.kind));
  }
  out->evaluation = std::move(signed_eval);
  return OkStatus();
}

}  // namespace

bool IsArtifactTarget(const targets::TargetSpec& t) {
  return t.kind == Kind::kRegistry || t.kind == Kind::kOciLayout || t.kind == Kind::kOciArchive ||
         t.kind == Kind::kDockerArchive;
}

Result<VerifyResult> VerifyArtifact(const VerifyRequest& r) {
  if (r.trust == nullptr) return Error(Errc::kUsage, "no trust material");
  AFS_TRY(r.sign.Validate());
  if (r.sign.Wanted() && r.policy == nullptr) {
    return Error(Errc::kUsage, "--sign-key signs a policy evaluation: give --policy FILE");
  }
  const bool artifact = IsArtifactTarget(r.target);
  if (artifact && !r.exclude.empty()) {
    return Error(Errc::kUsage, "--exclude applies to local trees (dir:, file:, git:), not " +
                                   r.target.ToString());
  }
  AFS_ASSIGN_OR_RETURN(VerifyResult out, artifact ? VerifyOciArtifact(r) : VerifyTree(r));
  if (r.policy != nullptr) {
    SystemClock system;
    const Clock& clock = r.clock != nullptr ? *r.clock : system;
    policy::EvaluationInput input =
        verify::PolicyInput(out.subject_name, out.subject_digest, out.verified_docs);
    input.rego_timeout_ms = r.policy_timeout_ms;
    out.decision = policy::Evaluate(*r.policy, input, clock);
  }
  if (out.decision && r.sign.Wanted()) {
    if (!out.verified) {
      out.evaluation_skipped = true;
    } else if (Status s = SignEvaluationOf(r, &out); !s.ok()) {
      return s.error().Context("sign the policy evaluation");
    }
  }
  return out;
}

}  // namespace attestfs::app

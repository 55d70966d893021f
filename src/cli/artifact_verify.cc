// RunArtifactVerify: collect evidence (referrers / layout referrers / store) -> verify
// signatures -> check the artifact against the newest verified content evidence -> optional
// policy -> optional signed evaluation (attached as a referrer for registry targets).
#include "cli/artifact_verify.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/oci_evidence.h"
#include "app/store_evidence.h"
#include "base/clock.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
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
#include "policy/report.h"
#include "store/attestation_store.h"
#include "verify/content_selection.h"
#include "verify/manifest_evidence.h"
#include "verify/policy_input.h"

namespace attestfs::cli {

namespace {

using Kind = targets::TargetSpec::Kind;

// What was checked, for the verdict line / JSON.
struct Outcome {
  bool verified = false;
  std::string reason;
  std::string kind;  // "model" | "image"
  std::string subject_name;
  oci::Descriptor manifest;
  std::optional<verify::VerifiedAttestation> used;
  std::vector<verify::VerifiedAttestation> verified_docs;
  size_t files = 0;
  size_t layers = 0;
};

// The newest verified statement naming the manifest digest decides; the image (config + every
// layer) is then re-read against its digests.
Status VerifyImage(image::OpenedImage& img, const std::vector<std::string>& docs,
                   const keys::TrustPolicy& trust, Outcome* out) {
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
                   Outcome* out) {
  auto selected =
      verify::SelectContentAttestation(docs, trust, /*require_full=*/false, out->manifest.digest);
  if (!selected.ok()) return selected.error();
  out->verified_docs = selected->verified;
  out->used = selected->attestation;
  out->files = selected->content.manifest.files.size();
  AFS_ASSIGN_OR_RETURN(auto fetched, conn.registry().FetchManifest(ref));
  AFS_ASSIGN_OR_RETURN(auto manifest, oci::Manifest::Parse(fetched.bytes));
  AFS_ASSIGN_OR_RETURN(auto layout, oci::LoadModelLayout(conn.registry(), ref));
  AFS_TRY(oci::CheckLayoutMatchesFiles(layout.layout, selected->content.manifest));
  oci::RegistryStore store(conn.registry(), conn.referrers(), ref);
  return oci::CheckPackedLayers(store, manifest, layout.layout);
}

// Registry target: model artifact or image. `conn` stays open for attaching the evaluation.
Status CheckRegistryArtifact(oci::RegistryConnection& conn, const ArtifactVerifyRequest& r,
                             Outcome* out) {
  auto ref = oci::Reference::Parse(r.target.location);
  if (!ref.ok()) return Error(Errc::kUsage, ref.error().message());
  out->subject_name = ref->RepositoryName();
  auto fetched = conn.registry().FetchManifest(*ref);
  if (!fetched.ok()) return fetched.error().Context("resolve " + r.target.location);
  const oci::Reference pinned = ref->WithDigest(fetched->descriptor.digest);
  if (oci::IsModelManifest(fetched->bytes)) {
    out->kind = "model";
    out->manifest = fetched->descriptor;
    std::vector<std::string> notes;
    auto docs = app::FetchVerifiedPayloads(conn.referrers(), pinned, out->manifest.digest, *r.trust,
                                           &notes);
    if (!docs.ok()) return docs.error().Context("referrers of " + r.target.location);
    Status checked = VerifyModel(conn, pinned, *docs, *r.trust, out);
    if (checked.ok() || out->used) return checked;
    return Error(checked.error().code(), checked.error().message() + app::JoinNotes(notes));
  }
  // An image, or an index: OpenImage picks the platform image (linux/amd64, or the only one),
  // and the evidence is about that image's manifest.
  out->kind = "image";
  AFS_ASSIGN_OR_RETURN(auto target, image::ParseImageTarget("registry:" + pinned.ToString()));
  AFS_ASSIGN_OR_RETURN(auto img, image::OpenImage(target, &conn.registry()));
  out->manifest = img->manifest_descriptor();
  const oci::Reference image_ref = ref->WithDigest(out->manifest.digest);
  std::vector<std::string> notes;
  auto docs = app::FetchVerifiedPayloads(conn.referrers(), image_ref, out->manifest.digest,
                                         *r.trust, &notes);
  if (!docs.ok()) return docs.error().Context("referrers of " + image_ref.ToString());
  Status checked = VerifyImage(*img, *docs, *r.trust, out);
  if (checked.ok() || out->used) return checked;
  return Error(checked.error().code(), checked.error().message() + app::JoinNotes(notes));
}

// Local image (oci-layout, oci-archive, docker-archive): evidence from the store by manifest
// digest, plus the layout's own referrers (what `attestfs copy` brought along).
Status CheckLocalImage(const ArtifactVerifyRequest& r, Outcome* out) {
  out->kind = "image";
  AFS_ASSIGN_OR_RETURN(auto target, image::ParseImageTarget(r.target.ToString()));
  out->subject_name = target.ToString();
  AFS_ASSIGN_OR_RETURN(auto img, image::OpenImage(target, nullptr));
  out->manifest = img->manifest_descriptor();
  std::vector<std::string> docs;
  store::AttestationStore store(StoreRoot(r.store));
  auto entries = store.FindBySubjectDigest(out->manifest.digest.ToString());
  if (entries.ok()) {
    for (const auto& e : *entries) {
      auto bytes = store.Get(e.digest);
      if (bytes.ok()) docs.push_back(std::move(*bytes));
    }
  }
  if (target.kind == image::ImageTarget::Kind::kOciLayout) {
    auto layout = oci::ImageLayout::Open(target.location);
    if (!layout.ok()) return layout.error();
    oci::LayoutStore layout_store(**layout);
    AFS_ASSIGN_OR_RETURN(auto referred, app::ReferrerPayloads(layout_store, out->manifest));
    for (auto& d : referred) docs.push_back(std::move(d));
  }
  return VerifyImage(*img, docs, *r.trust, out);
}

policy::Decision Evaluate(const policy::PolicyFile& pf, const Outcome& out) {
  SystemClock clock;
  return policy::Evaluate(
      pf, verify::PolicyInput(out.subject_name, out.manifest.digest.ToString(), out.verified_docs),
      clock);
}

void PrintJson(const ArtifactVerifyRequest& r, const Outcome& out,
               const std::optional<policy::Decision>& decision, const std::string& signed_ref) {
  nlohmann::json j{{"verified", out.verified},
                   {"target", r.target.ToString()},
                   {"kind", out.kind},
                   {"manifestDigest", out.manifest.digest.ToString()},
                   {"reason", out.reason}};
  if (out.used) {
    j["attestation"] = out.used->digest;
    j["predicateType"] = out.used->statement.predicate_type;
    j["signer"] = out.used->signer.description;
  }
  if (out.kind == "model") j["files"] = out.files;
  if (out.kind == "image") j["layers"] = out.layers;
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& v : out.verified_docs) {
    docs.push_back({{"digest", v.digest}, {"predicateType", v.statement.predicate_type}});
  }
  j["verifiedEvidence"] = docs;
  if (decision) j["policy"] = nlohmann::json::parse(policy::RenderJson(*decision), nullptr, false);
  if (!signed_ref.empty()) j["evaluationReferrer"] = signed_ref;
  std::printf("%s\n", j.dump(2).c_str());
}

// Signs the evaluation, stores it, and attaches it for registry targets. Returns the referrer.
Result<std::string> SignAndAttach(const ArtifactVerifyRequest& r, const policy::Decision& decision,
                                  const Outcome& out, oci::RegistryConnection* conn) {
  store::AttestationStore store(StoreRoot(r.store));
  AFS_ASSIGN_OR_RETURN(auto signed_eval, app::SignEvaluation(decision, r.sign, store));
  if (conn == nullptr) {
    std::fprintf(stderr, "attestfs: policy evaluation signed and stored as %s in %s\n",
                 signed_eval.digest.c_str(), store.root().c_str());
    return std::string();
  }
  AFS_ASSIGN_OR_RETURN(auto ref, oci::Reference::Parse(r.target.location));
  app::OciAttachTarget target;
  target.conn = conn;
  target.ref = ref;
  target.manifest.descriptor = out.manifest;  // the evaluated (platform) manifest
  AFS_ASSIGN_OR_RETURN(auto referrer, app::AttachEvidence(target, signed_eval.bytes,
                                                          signed_eval.statement, signed_eval.kind));
  std::fprintf(stderr,
               "attestfs: policy evaluation %s signed, stored and attached as referrer %s\n",
               signed_eval.digest.c_str(), referrer.c_str());
  return referrer;
}

}  // namespace

bool IsArtifactTarget(const targets::TargetSpec& t) {
  return t.kind == Kind::kRegistry || t.kind == Kind::kOciLayout || t.kind == Kind::kOciArchive ||
         t.kind == Kind::kDockerArchive;
}

int RunArtifactVerify(const ArtifactVerifyRequest& r) {
  bool sarif = r.format == "sarif";
  if (r.format != "text" && r.format != "json" && !sarif) {
    return Fail(Errc::kUsage, "--format must be text, json or sarif");
  }
  if (sarif && r.policy == nullptr) return Fail(Errc::kUsage, "--format sarif needs --policy FILE");
  if (auto s = r.sign.Validate(); !s.ok()) return Fail(s.error());
  if (r.sign.Wanted() && r.policy == nullptr) {
    return Fail(Errc::kUsage, "--sign-key signs a policy evaluation: give --policy FILE");
  }
  if (!IsArtifactTarget(r.target))
    return Fail(Errc::kUsage, r.target.ToString() + " is not an OCI artifact target");

  Outcome out;
  std::unique_ptr<oci::RegistryConnection> conn;
  Status checked = OkStatus();
  if (r.target.kind == Kind::kRegistry) {
    auto c = ConnectRegistry(r.registry);
    if (!c.ok()) return Fail(c.error());
    conn = std::move(*c);
    checked = CheckRegistryArtifact(*conn, r, &out);
  } else {
    checked = CheckLocalImage(r, &out);
  }
  out.verified = checked.ok();
  if (!checked.ok() && checked.error().code() != Errc::kVerificationFailed &&
      checked.error().code() != Errc::kMalformed) {
    return Fail(checked.error().Context("verify " + r.target.ToString()));
  }
  if (out.verified) {
    std::string by =
        "evidence " + out.used->digest + " signed by " + out.used->signer.description + "; ";
    out.reason =
        out.kind == "model"
            ? by + std::to_string(out.files) + " files match the artifact's layers"
            : by + "config and " + std::to_string(out.layers) + " layers match their digests";
  } else {
    out.reason = checked.error().message();
  }

  std::optional<policy::Decision> decision;
  if (r.policy != nullptr) decision = Evaluate(*r.policy, out);
  bool policy_ok = !decision || decision->ok;

  std::string signed_ref;
  if (decision && r.sign.Wanted() && !out.verified) {
    std::fprintf(stderr,
                 "attestfs: the policy evaluation is not signed: the artifact did not verify\n");
  } else if (decision && r.sign.Wanted()) {
    auto attached = SignAndAttach(r, *decision, out, conn.get());
    if (!attached.ok()) return Fail(attached.error().Context("sign the policy evaluation"));
    signed_ref = *attached;
  }

  if (sarif) {
    std::printf("%s\n", policy::RenderSarif(*decision, kVersion).c_str());
  } else if (r.format == "json") {
    PrintJson(r, out, decision, signed_ref);
  } else {
    if (decision) std::printf("%s", policy::RenderText(*decision).c_str());
    std::printf("%s: %s (%s): %s%s\n", out.verified && policy_ok ? "VERIFIED" : "FAILED",
                r.target.ToString().c_str(), out.manifest.digest.ToString().c_str(),
                out.reason.c_str(), policy_ok ? "" : "; policy denied");
  }
  if (!out.verified) return kExitVerifyFailed;
  return policy_ok ? kExitOk : ExitCodeFor(Errc::kPolicyDenied);
}

}  // namespace attestfs::cli

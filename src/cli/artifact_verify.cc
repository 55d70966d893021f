// RunRegistryVerify: resolve REF -> fetch + verify referrers -> check the artifact against the
// newest verified content evidence -> optional policy -> optional signed evaluation referrer.
#include "cli/registry_verify.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/clock.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "oci/manifest.h"
#include "oci/model_artifact.h"
#include "oci/model_transfer.h"
#include "oci/referrer_artifact.h"
#include "oci/registry_connection.h"
#include "policy/evaluator.h"
#include "policy/policy_file.h"
#include "policy/report.h"
#include "verify/content_selection.h"

namespace attestfs::cli {

namespace {

constexpr char kCreatedAnnotation[] = "org.opencontainers.image.created";

// What was checked, for the verdict line / JSON.
struct Outcome {
  bool verified = false;
  std::string reason;
  std::string kind;  // "model" | "image"
  std::optional<verify::VerifiedAttestation> used;
  std::vector<verify::VerifiedAttestation> verified_docs;
  size_t files = 0;
  size_t layers = 0;
};

// Referrer payloads, newest first (by the created annotation; stable for equal times).
std::vector<std::string> NewestFirst(std::vector<oci::ReferrerPayload> payloads) {
  std::stable_sort(payloads.begin(), payloads.end(), [](const auto& a, const auto& b) {
    auto ta = a.annotations.find(kCreatedAnnotation), tb = b.annotations.find(kCreatedAnnotation);
    std::string sa = ta == a.annotations.end() ? "" : ta->second;
    std::string sb = tb == b.annotations.end() ? "" : tb->second;
    return sa > sb;
  });
  std::vector<std::string> docs;
  for (auto& p : payloads) docs.push_back(std::move(p.bytes));
  return docs;
}

// Every layer and the config re-fetched and checked against its digest and size (the blobs are
// streamed to a private temp directory that is removed afterwards).
Status CheckImageBlobs(oci::RegistryClient& client, const oci::Reference& ref,
                       const oci::Manifest& m) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "attestfs-verify-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Error(Errc::kIo, "create a temporary directory");
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{tmpl};
  std::vector<oci::Descriptor> blobs = m.layers;
  blobs.insert(blobs.begin(), m.config);
  for (size_t i = 0; i < blobs.size(); ++i) {
    std::string path = tmpl + "/blob";
    auto s = client.FetchBlobToFile(ref, blobs[i], path);
    if (!s.ok()) {
      return Error(Errc::kVerificationFailed,
                   (i == 0 ? "config " : "layer " + std::to_string(i - 1) + " ") +
                       blobs[i].digest.ToString() + ": " + s.error().message());
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  return OkStatus();
}

// Verifies every payload; the newest one whose statement names the manifest digest decides.
Status VerifyImage(oci::RegistryClient& client, const oci::Reference& ref,
                   const oci::FetchedManifest& fetched, const std::vector<std::string>& docs,
                   const keys::TrustPolicy& trust, Outcome* out) {
  std::string want = fetched.descriptor.digest.Hex();
  std::string reasons;
  for (const auto& doc : docs) {
    auto v = verify::VerifySignedAttestation(doc, trust);
    if (!v.ok()) {
      reasons += "\n  " + v.error().message();
      continue;
    }
    out->verified_docs.push_back(*v);
    if (out->used) continue;
    for (const auto& s : v->statement.subjects) {
      auto it = s.digest.find("sha256");
      if (it != s.digest.end() && it->second == want) {
        out->used = *v;
        break;
      }
    }
    if (!out->used)
      reasons += "\n  " + v->digest + ": no subject names manifest " +
                 fetched.descriptor.digest.ToString();
  }
  if (!out->used) {
    return Error(Errc::kVerificationFailed,
                 "no signed evidence about this image verified" + reasons);
  }
  AFS_ASSIGN_OR_RETURN(auto manifest, oci::Manifest::Parse(fetched.bytes));
  out->layers = manifest.layers.size();
  return CheckImageBlobs(client, ref, manifest);
}

Status VerifyModel(oci::RegistryClient& client, const oci::Reference& ref,
                   const std::vector<std::string>& docs, const keys::TrustPolicy& trust,
                   Outcome* out) {
  auto selected = verify::SelectContentAttestation(docs, trust, /*require_full=*/false);
  if (!selected.ok()) return selected.error();
  out->verified_docs = selected->verified;
  out->used = selected->attestation;
  out->files = selected->content.manifest.files.size();
  AFS_ASSIGN_OR_RETURN(auto layout, oci::LoadModelLayout(client, ref));
  return oci::CheckLayoutMatchesFiles(layout.layout, selected->content.manifest);
}

policy::Decision Evaluate(const policy::PolicyFile& pf, const oci::Reference& ref,
                          const digest::Digest& manifest, const Outcome& out) {
  policy::EvaluationInput in;
  in.subject_name = ref.RepositoryName();
  in.subject_digest = manifest.ToString();
  for (const auto& v : out.verified_docs) {
    policy::EvidenceItem item;
    item.statement = v.statement;
    item.digest = v.digest;
    item.signature_verified = true;
    item.signer = v.signer;
    in.evidence.push_back(std::move(item));
  }
  SystemClock clock;
  return policy::Evaluate(pf, in, clock);
}

void PrintJson(const RegistryVerifyRequest& r, const oci::Descriptor& manifest, const Outcome& out,
               const std::optional<policy::Decision>& decision, const std::string& signed_ref) {
  nlohmann::json j{{"verified", out.verified},
                   {"target", "registry:" + r.reference},
                   {"kind", out.kind},
                   {"manifestDigest", manifest.digest.ToString()},
                   {"reason", out.reason}};
  if (out.used) {
    j["attestation"] = out.used->digest;
    j["predicateType"] = out.used->statement.predicate_type;
    j["signer"] = out.used->signer.description;
  }
  if (out.kind == "model") j["files"] = out.files;
  if (out.kind == "image") j["layers"] = out.layers;
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& v : out.verified_docs)
    docs.push_back({{"digest", v.digest}, {"predicateType", v.statement.predicate_type}});
  j["verifiedEvidence"] = docs;
  if (decision) j["policy"] = nlohmann::json::parse(policy::RenderJson(*decision), nullptr, false);
  if (!signed_ref.empty()) j["evaluationReferrer"] = signed_ref;
  std::printf("%s\n", j.dump(2).c_str());
}

}  // namespace

int RunRegistryVerify(const RegistryVerifyRequest& r) {
  bool sarif = r.format == "sarif";
  if (r.format != "text" && r.format != "json" && !sarif) {
    return Fail(Errc::kUsage, "--format must be text, json or sarif");
  }
  if (sarif && r.policy == nullptr) return Fail(Errc::kUsage, "--format sarif needs --policy FILE");
  if (auto s = r.sign.Validate(); !s.ok()) return Fail(s.error());
  if (r.sign.Wanted() && r.policy == nullptr)
    return Fail(Errc::kUsage, "--sign-key signs a policy evaluation: give --policy FILE");
  auto ref = oci::Reference::Parse(r.reference);
  if (!ref.ok()) return Fail(Errc::kUsage, ref.error().message());
  auto conn = ConnectRegistry(r.registry);
  if (!conn.ok()) return Fail(conn.error());
  auto fetched = (*conn)->registry().FetchManifest(*ref);
  if (!fetched.ok()) return Fail(fetched.error().Context("resolve " + r.reference));
  auto kind = oci::DetectManifestKind(fetched->bytes, fetched->descriptor.media_type);
  if (!kind.ok()) return Fail(kind.error().Context(r.reference));
  if (*kind == oci::ManifestKind::kImageIndex) {
    return Fail(
        Errc::kUnsupported,
        r.reference + " is an image index: verify one platform's manifest (REF@sha256:...)");
  }
  auto payloads = (*conn)->referrers().FetchPayloads(*ref, fetched->descriptor.digest);
  if (!payloads.ok()) return Fail(payloads.error().Context("referrers of " + r.reference));
  auto docs = NewestFirst(std::move(*payloads));

  Outcome out;
  bool model = oci::IsModelManifest(fetched->bytes);
  out.kind = model ? "model" : "image";
  Status checked = model ? VerifyModel((*conn)->registry(), *ref, docs, *r.trust, &out)
                         : VerifyImage((*conn)->registry(), *ref, *fetched, docs, *r.trust, &out);
  out.verified = checked.ok();
  if (!checked.ok() && checked.error().code() != Errc::kVerificationFailed &&
      checked.error().code() != Errc::kMalformed) {
    return Fail(checked.error().Context("verify " + r.reference));
  }
  if (out.verified) {
    out.reason =
        out.kind == "model"
            ? "referrer " + out.used->digest + " signed by " + out.used->signer.description + "; " +
                  std::to_string(out.files) + " files match the artifact's layers"
            : "referrer " + out.used->digest + " signed by " + out.used->signer.description +
                  "; config and " + std::to_string(out.layers) + " layers match their digests";
  } else {
    out.reason = checked.error().message();
  }

  std::optional<policy::Decision> decision;
  if (r.policy != nullptr) decision = Evaluate(*r.policy, *ref, fetched->descriptor.digest, out);
  bool policy_ok = !decision || decision->ok;

  std::string signed_ref;
  if (decision && r.sign.Wanted() && !out.verified) {
    std::fprintf(stderr,
                 "attestfs: the policy evaluation is not signed: the artifact did not verify\n");
  } else if (decision && r.sign.Wanted()) {
    store::AttestationStore store(StoreRoot(r.store));
    auto signed_eval = SignEvaluation(*decision, r.sign, store);
    if (!signed_eval.ok()) return Fail(signed_eval.error().Context("sign the policy evaluation"));
    SystemClock clock;
    auto artifact =
        r.sign.output == "bundle"
            ? oci::BuildBundleReferrer(fetched->descriptor, signed_eval->bytes,
                                       signed_eval->predicate_type, clock.NowUnixSeconds())
            : oci::BuildDsseReferrer(fetched->descriptor, signed_eval->bytes,
                                     signed_eval->predicate_type, clock.NowUnixSeconds());
    auto attached = (*conn)->referrers().Attach(*ref, artifact);
    if (!attached.ok())
      return Fail(attached.error().Context("attach the policy evaluation to " + r.reference));
    signed_ref = attached->digest.ToString();
    std::fprintf(stderr,
                 "attestfs: policy evaluation %s signed, stored and attached as referrer %s\n",
                 signed_eval->digest.c_str(), signed_ref.c_str());
  }

  if (sarif) {
    std::printf("%s\n", policy::RenderSarif(*decision, kVersion).c_str());
  } else if (r.format == "json") {
    PrintJson(r, fetched->descriptor, out, decision, signed_ref);
  } else {
    if (decision) std::printf("%s", policy::RenderText(*decision).c_str());
    std::printf("%s: %s (%s): %s%s\n", out.verified && policy_ok ? "VERIFIED" : "FAILED",
                r.reference.c_str(), fetched->descriptor.digest.ToString().c_str(),
                out.reason.c_str(), policy_ok ? "" : "; policy denied");
  }
  if (!out.verified) return kExitVerifyFailed;
  return policy_ok ? kExitOk : ExitCodeFor(Errc::kPolicyDenied);
}

}  // namespace attestfs::cli

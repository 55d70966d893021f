// `attestfs verify TARGET`: verifies a local target against its signed attestation and prints
// one line per difference (changed/added/removed PATH) and a verdict line (or JSON); a registry
// reference goes to RunRegistryVerify. With --policy, the policy is evaluated over the evidence;
// with --sign-key, that evaluation is signed and stored (and attached for registry targets).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/evaluation_signing.h"
#include "base/clock.h"
#include "cli/artifact_verify.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "policy/evaluator.h"
#include "policy/policy_file.h"
#include "policy/report.h"
#include "verify/artifact_verifier.h"
#include "verify/policy_input.h"

namespace attestfs::cli {

namespace {
struct VerifyCliOptions {
  std::string target, name, store, attestation, format, policy;
  std::vector<std::string> exclude;
  bool json = false;
  TrustFlags trust;
  RegistryFlags registry;
  app::SignEvaluationFlags sign;
};

const char* KindName(verify::Difference::Kind k) {
  switch (k) {
    case verify::Difference::Kind::kChanged:
      return "changed";
    case verify::Difference::Kind::kAdded:
      return "added";
    case verify::Difference::Kind::kRemoved:
      return "removed";
  }
  return "?";
}

void PrintJson(const verify::VerificationReport& r, const std::string& target,
               const std::string& policy_json) {
  nlohmann::json j{{"verified", r.verified}, {"target", target},
                   {"name", r.subject_name}, {"subjectDigest", r.subject_digest},
                   {"reason", r.reason},     {"notes", r.notes}};
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : r.differences)
    diffs.push_back({{"kind", KindName(d.kind)}, {"path", d.path}, {"detail", d.detail}});
  j["differences"] = diffs;
  if (r.used) {
    j["attestation"] = r.used->digest;
    j["predicateType"] = r.used->statement.predicate_type;
    j["signer"] = r.used->signer.description;
    if (auto t = r.used->statement.CreatedAt()) j["created"] = FormatRfc3339(*t);
  }
  nlohmann::json cands = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    nlohmann::json cj{
        {"digest", c.digest}, {"verified", c.verified}, {"predicateType", c.predicate_type}};
    if (!c.error.empty()) cj["error"] = c.error;
    cands.push_back(cj);
  }
  j["candidates"] = cands;
  if (!policy_json.empty()) j["policy"] = nlohmann::json::parse(policy_json, nullptr, false);
  std::printf("%s\n", j.dump(2).c_str());
}

// Evaluates the policy over every verified attestation found for the subject.
policy::Decision EvaluatePolicy(const policy::PolicyFile& pf, const verify::VerificationReport& r) {
  std::vector<verify::VerifiedAttestation> verified;
  for (const auto& c : r.candidates) {
    if (c.verified && c.attestation) verified.push_back(*c.attestation);  // never parsed otherwise
  }
  std::string digest =
      r.used ? "sha256:" + r.used->statement.subjects[0].digest.at("sha256") : r.subject_digest;
  SystemClock clock;
  return policy::Evaluate(pf, verify::PolicyInput(r.subject_name, digest, verified), clock);
}

int RunVerify(const VerifyCliOptions& o) {
  bool sarif = o.format == "sarif";
  auto fmt = ParseFormat(sarif ? "json" : o.format, o.json);
  if (!fmt.ok()) return Fail(fmt.error());
  if (sarif && o.policy.empty()) return Fail(Errc::kUsage, "--format sarif needs --policy FILE");
  std::optional<policy::PolicyFile> pf;
  if (!o.policy.empty()) {
    auto loaded = policy::PolicyFile::Load(o.policy);
    if (!loaded.ok()) return Fail(loaded.error());
    pf = std::move(*loaded);
  }
  auto trust = TrustFromFlagsOrPolicy(o.trust, pf ? &*pf : nullptr);
  if (!trust.ok()) return Fail(trust.error());
  auto spec = targets::ParseTarget(o.target);
  if (!spec.ok()) return Fail(spec.error());
  if (auto s = o.sign.Validate(); !s.ok()) return Fail(s.error());
  if (o.sign.Wanted() && !pf)
    return Fail(Errc::kUsage, "--sign-key signs a policy evaluation: give --policy FILE");
  if (IsArtifactTarget(*spec)) {
    if (!o.exclude.empty())
      return Fail(Errc::kUsage,
                  "--exclude applies to local trees (dir:, file:, git:), not " + spec->ToString());
    ArtifactVerifyRequest req;
    req.target = *spec;
    req.trust = trust->get();
    req.policy = pf ? &*pf : nullptr;
    req.registry = o.registry;
    req.format = sarif ? "sarif" : (*fmt == Format::kJson ? "json" : "text");
    req.sign = o.sign;
    req.store = o.store;
    return RunArtifactVerify(req);
  }
  store::AttestationStore store(StoreRoot(o.store));
  verify::ArtifactVerifier verifier(**trust, store);
  verify::VerifyOptions vo;
  vo.target = *spec;
  vo.name = o.name;
  vo.attestation_file = o.attestation;
  vo.exclude = o.exclude;
  auto report = verifier.Verify(vo);
  if (!report.ok()) return Fail(report.error().Context("verify " + spec->ToString()));
  std::optional<policy::Decision> decision;
  if (pf) decision = EvaluatePolicy(*pf, *report);
  bool policy_ok = !decision || decision->ok;
  if (decision && o.sign.Wanted() && !report->verified) {
    std::fprintf(stderr,
                 "attestfs: the policy evaluation is not signed: the target did not verify\n");
  } else if (decision && o.sign.Wanted()) {
    auto signed_eval = app::SignEvaluation(*decision, o.sign, store);
    if (!signed_eval.ok()) return Fail(signed_eval.error().Context("sign the policy evaluation"));
    std::fprintf(stderr, "attestfs: policy evaluation signed and stored as %s in %s\n",
                 signed_eval->digest.c_str(), store.root().c_str());
  }
  if (sarif) {
    std::printf("%s\n", policy::RenderSarif(*decision, kVersion).c_str());
  } else if (*fmt == Format::kJson) {
    PrintJson(*report, spec->ToString(), decision ? policy::RenderJson(*decision) : "");
  } else {
    for (const auto& n : report->notes) std::printf("note: %s\n", n.c_str());
    for (const auto& d : report->differences) std::printf("%s\n", d.Line().c_str());
    if (decision) std::printf("%s", policy::RenderText(*decision).c_str());
    std::printf("%s: %s: %s%s\n", report->verified && policy_ok ? "VERIFIED" : "FAILED",
                spec->ToString().c_str(), report->reason.c_str(),
                policy_ok ? "" : "; policy denied");
  }
  if (!report->verified) return ExitCodeFor(report->failure);
  return policy_ok ? kExitOk : ExitCodeFor(Errc::kPolicyDenied);
}
}  // namespace

void RegisterVerify(CLI::App& app, int* rc) {
  auto o = std::make_shared<VerifyCliOptions>();
  auto* cmd = app.add_subcommand("verify", "verify a target against its signed attestation");
  cmd->add_option("target", o->target,
                  "dir:PATH | file:PATH | git:PATH|URL | registry:REF | host/repo:tag | "
                  "oci-layout:DIR[:TAG] | oci-archive:FILE | docker-archive:FILE | PATH")
      ->required();
  AddTrustFlags(cmd, &o->trust);
  cmd->add_option("--name", o->name,
                  "subject name to look up (default: the target's default name)");
  cmd->add_option("--store", o->store, "attestation store directory");
  cmd->add_option("--exclude", o->exclude,
                  "leave files matching this glob out of the comparison (repeatable; the "
                  "dialect of bom --exclude)");
  cmd->add_option("--attestation", o->attestation,
                  "verify against this envelope/bundle instead of the store");
  cmd->add_option("--policy", o->policy,
                  "policy file (YAML, attestfs-policy(5)); supplies trust when no --key");
  cmd->add_option("--format", o->format, "text | json | sarif (sarif needs --policy)");
  cmd->add_flag("--json", o->json, "same as --format json");
  cmd->add_option("--sign-key", o->sign.key,
                  "sign the policy evaluation as evidence with this private key");
  cmd->add_option("--sign-cert", o->sign.cert,
                  "X.509 chain to embed in the evaluation bundle (-o bundle)");
  cmd->add_option("-o,--output", o->sign.output,
                  "attest | bundle: envelope of the signed evaluation");
  AddRegistryFlags(cmd, &o->registry);
  cmd->callback([o, rc] { *rc = RunVerify(*o); });
}

}  // namespace attestfs::cli

// `attestfs verify TARGET`: verifies a local target against its signed attestation and prints
// one line per difference (changed/added/removed PATH) and a verdict line (or JSON).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "verify/artifact_verifier.h"

namespace attestfs::cli {

namespace {
struct VerifyCliOptions {
  std::string target, name, store, attestation, format;
  bool json = false;
  TrustFlags trust;
};

const char* KindName(verify::Difference::Kind k) {
  switch (k) {
    case verify::Difference::Kind::kChanged: return "changed";
    case verify::Difference::Kind::kAdded: return "added";
    case verify::Difference::Kind::kRemoved: return "removed";
  }
  return "?";
}

void PrintJson(const verify::VerificationReport& r, const std::string& target) {
  nlohmann::json j{{"verified", r.verified},     {"target", target},
                   {"name", r.subject_name},     {"subjectDigest", r.subject_digest},
                   {"reason", r.reason},         {"notes", r.notes}};
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : r.differences) diffs.push_back({{"kind", KindName(d.kind)}, {"path", d.path}, {"detail", d.detail}});
  j["differences"] = diffs;
  if (r.used) {
    j["attestation"] = r.used->digest;
    j["predicateType"] = r.used->statement.predicate_type;
    j["signer"] = r.used->signer.description;
    if (auto t = r.used->statement.CreatedAt()) j["created"] = FormatRfc3339(*t);
  }
  nlohmann::json cands = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    nlohmann::json cj{{"digest", c.digest}, {"verified", c.verified}, {"predicateType", c.predicate_type}};
    if (!c.error.empty()) cj["error"] = c.error;
    cands.push_back(cj);
  }
  j["candidates"] = cands;
  std::printf("%s\n", j.dump(2).c_str());
}

int RunVerify(const VerifyCliOptions& o) {
  auto fmt = ParseFormat(o.format, o.json);
  if (!fmt.ok()) return Fail(fmt.error());
  auto trust = TrustFromFlags(o.trust);
  if (!trust.ok()) return Fail(trust.error());
  auto spec = targets::ParseTarget(o.target);
  if (!spec.ok()) return Fail(spec.error());
  store::AttestationStore store(StoreRoot(o.store));
  verify::ArtifactVerifier verifier(**trust, store);
  verify::VerifyOptions vo;
  vo.target = *spec;
  vo.name = o.name;
  vo.attestation_file = o.attestation;
  auto report = verifier.Verify(vo);
  if (!report.ok()) return Fail(report.error().Context("verify " + spec->ToString()));
  if (*fmt == Format::kJson) {
    PrintJson(*report, spec->ToString());
  } else {
    for (const auto& n : report->notes) std::printf("note: %s\n", n.c_str());
    for (const auto& d : report->differences) std::printf("%s\n", d.Line().c_str());
    std::printf("%s: %s: %s\n", report->verified ? "VERIFIED" : "FAILED", spec->ToString().c_str(),
                report->reason.c_str());
  }
  return report->verified ? kExitOk : ExitCodeFor(report->failure);
}
}  // namespace

void RegisterVerify(CLI::App& app, int* rc) {
  auto o = std::make_shared<VerifyCliOptions>();
  auto* cmd = app.add_subcommand("verify", "verify a target against its signed attestation");
  cmd->add_option("target", o->target, "dir:PATH | file:PATH | git:PATH|URL | PATH")->required();
  cmd->add_option("--key", o->trust.keys, "trusted public key (PEM; repeatable)");
  cmd->add_option("--ca-roots", o->trust.ca_roots, "trusted root certificates (PEM)");
  cmd->add_option("--identity", o->trust.identity, "required signer subject or SAN (with --ca-roots)");
  cmd->add_option("--name", o->name, "subject name to look up (default: the target's default name)");
  cmd->add_option("--store", o->store, "attestation store directory");
  cmd->add_option("--attestation", o->attestation, "verify against this envelope/bundle instead of the store");
  cmd->add_option("--format", o->format, "text | json");
  cmd->add_flag("--json", o->json, "same as --format json");
  cmd->callback([o, rc] { *rc = RunVerify(*o); });
}

}  // namespace attestfs::cli

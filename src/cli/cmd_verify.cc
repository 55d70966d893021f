// `attestfs verify TARGET`: flags -> app::VerifyArtifact (local trees, registry models and
// images, OCI layouts and archives; optional policy and signed evaluation) -> text, JSON or
// SARIF (cli/verify_rendering) and the exit code.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/evaluation_signing.h"
#include "app/verify_artifact.h"
#include "cli/commands.h"
#include "cli/keyless_signing_options.h"
#include "cli/progress_options.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "cli/verify_rendering.h"
#include "oci/registry_connection.h"
#include "policy/duration.h"
#include "policy/policy_file.h"

namespace attestfs::cli {

namespace {
struct VerifyCliOptions {
  std::string target, name, store, attestation, format, policy, policy_timeout;
  std::vector<std::string> exclude;
  bool json = false;
  TrustFlags trust;
  RegistryFlags registry;
  ProgressFlags progress;
  app::SignEvaluationFlags sign;
  KeylessSigningFlags sign_keyless;
};

int RunVerify(const VerifyCliOptions& o) {
  const bool sarif = o.format == "sarif";
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
  app::VerifyRequest req;
  req.target = *spec;
  req.trust = trust->get();
  req.policy = pf ? &*pf : nullptr;
  req.store = o.store;
  req.name = o.name;
  req.attestation_file = o.attestation;
  req.exclude = o.exclude;
  req.sign = o.sign;
  if (!o.policy_timeout.empty()) {
    auto seconds = policy::ParseDuration(o.policy_timeout);
    if (!seconds || *seconds <= 0) {
      return Fail(Errc::kUsage,
                  "--policy-timeout '" + o.policy_timeout + "' is not a duration (e.g. 5s)");
    }
    req.policy_timeout_ms = *seconds * 1000;
  }
  {
    KeylessSigningFlags ks = o.sign_keyless;
    ks.trusted_root = o.trust.trusted_root;  // the self-check uses verify's --trusted-root
    auto keyless = KeylessSigningRequestFrom(ks);
    if (!keyless.ok()) return Fail(keyless.error());
    req.sign.keyless = std::move(*keyless);
  }
  std::unique_ptr<ProgressSink> progress = MakeProgressSink(o.progress);
  req.progress = progress.get();
  std::unique_ptr<oci::RegistryConnection> conn;
  if (spec->kind == targets::TargetSpec::Kind::kRegistry) {
    RegistryFlags flags = o.registry;
    flags.progress = progress.get();
    auto c = ConnectRegistry(flags);
    if (!c.ok()) return Fail(c.error());
    conn = std::move(*c);
    req.registry = conn.get();
  }
  auto result = app::VerifyArtifact(req);
  if (!result.ok()) return Fail(result.error());
  return RenderVerifyResult(*result, spec->ToString(),
                            sarif                   ? VerifyFormat::kSarif
                            : *fmt == Format::kJson ? VerifyFormat::kJson
                                                    : VerifyFormat::kText);
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
  cmd->add_option("--policy-timeout", o->policy_timeout,
                  "time limit of each Rego rule without its own timeout (default 5s)");
  cmd->add_option("--format", o->format, "text | json | sarif (sarif needs --policy)");
  cmd->add_flag("--json", o->json, "same as --format json");
  cmd->add_option("--sign-key", o->sign.key,
                  "sign the policy evaluation as evidence with this private key");
  cmd->add_option("--sign-cert", o->sign.cert,
                  "X.509 chain to embed in the evaluation bundle (-o bundle)");
  cmd->add_option("-o,--output", o->sign.output,
                  "attest | bundle: envelope of the signed evaluation");
  AddKeylessSigningFlags(cmd, &o->sign_keyless, "--sign-keyless", /*with_trusted_root=*/false);
  AddRegistryFlags(cmd, &o->registry);
  AddProgressFlags(cmd, &o->progress);
  cmd->callback([o, rc] { *rc = RunVerify(*o); });
}

}  // namespace attestfs::cli

// Registry verbs for models: `attestfs push TARGET REF [--key K -o attest|bundle]` (push the model
// as a ModelPack artifact, optionally sign it and attach the evidence as a referrer) and
// `attestfs pull REF DIR [--key PUB | --ca-roots R --identity ID]` (nothing is written to DIR
// until the manifest digests — and, with trust material, the signed evidence — have verified).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/evidence_builder.h"
#include "app/evidence_publisher.h"
#include "app/oci_evidence.h"
#include "app/publish_model.h"
#include "app/pull_verification.h"
#include "app/verify_artifact.h"
#include "base/clock.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/keyless_signing_options.h"
#include "cli/progress_options.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "cli/signal_cancellation.h"
#include "cli/trust_options.h"
#include "cli/verify_rendering.h"
#include "oci/model_transfer.h"
#include "oci/referrer_artifact.h"
#include "oci/registry_connection.h"
#include "targets/target_spec.h"

namespace attestfs::cli {

namespace {
struct PushOptions {
  std::string target, ref, output, key, cert, predicate, name, store;
  RegistryFlags registry;
  ProgressFlags progress;
  KeylessSigningFlags keyless;
};
struct PullOptions {
  std::string ref, dir;
  TrustFlags trust;
  RegistryFlags registry;
  ProgressFlags progress;
};

int RunPush(const PushOptions& o) {
  auto kind = app::ParseOutputKind(o.output);
  if (!kind.ok()) return Fail(kind.error());
  if ((!o.key.empty() || o.keyless.keyless) && *kind != app::OutputKind::kAttest &&
      *kind != app::OutputKind::kBundle) {
    return Fail(Errc::kUsage, "push --key/--keyless needs -o attest or -o bundle");
  }
  auto pred = app::ParsePredicateKind(o.predicate);
  if (!pred.ok()) return Fail(pred.error());
  auto ref = oci::Reference::Parse(o.ref);
  if (!ref.ok()) return Fail(Errc::kUsage, ref.error().message());
  auto spec = targets::ParseTarget(o.target);
  if (!spec.ok()) return Fail(spec.error());
  std::optional<app::EvidencePublisher> publisher;
  if (!o.key.empty() || o.keyless.keyless) {
    app::PublishOptions po;
    po.kind = *kind;
    po.key = o.key;
    po.cert = o.cert;
    po.store = o.store;
    if (Status ks = ApplyKeylessSigning(o.keyless, &po); !ks.ok()) return Fail(ks.error());
    auto p = app::EvidencePublisher::Open(po, SystemClock());
    if (!p.ok()) return Fail(p.error());
    publisher = std::move(*p);
  }
  std::unique_ptr<ProgressSink> progress = MakeProgressSink(o.progress);
  RegistryFlags flags = o.registry;
  flags.progress = progress.get();
  auto conn = ConnectRegistry(flags);
  if (!conn.ok()) return Fail(conn.error());
  app::PublishModelRequest req;
  req.progress = progress.get();
  req.target = *spec;
  req.ref = *ref;
  req.registry = conn->get();
  req.publisher = publisher ? &*publisher : nullptr;
  req.predicate = *pred;
  req.name = o.name;
  auto pushed = app::PublishModel(req);
  if (!pushed.ok()) return Fail(pushed.error());
  if (pushed->evidence) {
    std::fprintf(stderr, "attestfs: signed evidence attached as referrer %s\n",
                 pushed->evidence->referrer.c_str());
  }
  std::printf("%s\n", pushed->manifest.digest.ToString().c_str());
  return kExitOk;
}

int RunPull(const PullOptions& o) {
  auto ref = oci::Reference::Parse(o.ref);
  if (!ref.ok()) return Fail(Errc::kUsage, ref.error().message());
  std::unique_ptr<keys::TrustPolicy> trust;
  if (!o.trust.Empty()) {
    auto t = TrustFromFlags(o.trust);
    if (!t.ok()) return Fail(t.error());
    trust = std::move(*t);
  }
  // Ctrl-C / SIGTERM cancel the transfers; the temporary tree is removed on the way out.
  SignalCancellation interrupt;
  std::unique_ptr<ProgressSink> progress = MakeProgressSink(o.progress);
  RegistryFlags flags = o.registry;
  flags.cancel = interrupt.token();
  flags.progress = progress.get();
  auto conn = ConnectRegistry(flags);
  if (!conn.ok()) return Fail(conn.error());
  oci::PullModelOptions opts;
  opts.before_commit = [&](const std::string& temp, const oci::Descriptor& m,
                           const oci::Manifest&) -> Status {
    if (interrupt.signal() != 0) return Error(Errc::kCancelled, "interrupted");
    if (!trust) return OkStatus();
    auto used = app::VerifyPulledModel(**conn, *ref, *trust, temp, m);
    if (!used.ok()) return used.error();
    std::fprintf(stderr, "attestfs: verified against %s signed by %s\n", used->digest.c_str(),
                 used->signer.description.c_str());
    return OkStatus();
  };
  auto pulled = oci::PullModel((*conn)->registry(), *ref, o.dir, opts);
  if (interrupt.signal() != 0) {
    std::fprintf(stderr, "attestfs: pull %s interrupted by signal %d: nothing written to %s\n",
                 o.ref.c_str(), interrupt.signal(), o.dir.c_str());
    return 128 + interrupt.signal();
  }
  if (!pulled.ok()) return Fail(pulled.error().Context("pull " + o.ref));
  if (!trust) {
    std::fprintf(stderr,
                 "attestfs: no trust material given: only the manifest's digests were verified\n");
  }
  std::printf("%s\n", pulled->manifest.digest.ToString().c_str());
  return kExitOk;
}
}  // namespace

void RegisterPush(CLI::App& app, int* rc) {
  auto o = std::make_shared<PushOptions>();
  auto* cmd = app.add_subcommand("push", "push a model directory as an OCI artifact (ModelPack)");
  cmd->add_option("target", o->target, "dir:PATH or PATH")->required();
  cmd->add_option("ref", o->ref, "host[:port]/repo[:tag]")->required();
  cmd->add_option("-o,--output", o->output, "attest | bundle (with --key)");
  cmd->add_option("--key", o->key, "sign and attach evidence as a referrer");
  cmd->add_option("--cert", o->cert, "X.509 chain for -o bundle");
  AddKeylessSigningFlags(cmd, &o->keyless);
  cmd->add_option("--predicate", o->predicate, "cyclonedx (default) | model-signing");
  cmd->add_option("--name", o->name, "subject name");
  cmd->add_option("--store", o->store, "local attestation store (a copy is kept)");
  AddRegistryFlags(cmd, &o->registry);
  AddProgressFlags(cmd, &o->progress);
  cmd->callback([o, rc] { *rc = RunPush(*o); });
}

void RegisterPull(CLI::App& app, int* rc) {
  auto o = std::make_shared<PullOptions>();
  auto* cmd = app.add_subcommand("pull", "pull and verify a model artifact into a new directory");
  cmd->add_option("ref", o->ref, "host[:port]/repo[:tag][@digest]")->required();
  cmd->add_option("dir", o->dir, "destination (must not exist or be empty)")->required();
  AddTrustFlags(cmd, &o->trust);
  AddRegistryFlags(cmd, &o->registry);
  AddProgressFlags(cmd, &o->progress);
  cmd->callback([o, rc] { *rc = RunPull(*o); });
}

}  // namespace attestfs::cli

namespace attestfs::cli {

namespace {
struct VerifyRefOptions {
  std::string ref;
  TrustFlags trust;
  RegistryFlags registry;
  bool json = false;
};
struct DiscoverOptions {
  std::string ref, artifact_type, format;
  RegistryFlags registry;
  bool json = false;
};

int RunVerifyRef(const VerifyRefOptions& o) {
  auto trust = TrustFromFlags(o.trust);
  if (!trust.ok()) return Fail(trust.error());
  auto conn = ConnectRegistry(o.registry);
  if (!conn.ok()) return Fail(conn.error());
  app::VerifyRequest req;
  req.target = {targets::TargetSpec::Kind::kRegistry,
                o.ref.rfind("registry:", 0) == 0 ? o.ref.substr(9) : o.ref};
  req.trust = trust->get();
  req.registry = conn->get();
  auto result = app::VerifyArtifact(req);
  if (!result.ok()) return Fail(result.error());
  return RenderVerifyResult(*result, req.target.ToString(),
                            o.json ? VerifyFormat::kJson : VerifyFormat::kText);
}

int RunDiscover(const DiscoverOptions& o) {
  auto ref = oci::Reference::Parse(o.ref);
  if (!ref.ok()) return Fail(Errc::kUsage, ref.error().message());
  auto conn = ConnectRegistry(o.registry);
  if (!conn.ok()) return Fail(conn.error());
  auto manifest = (*conn)->registry().ResolveManifest(*ref);
  if (!manifest.ok()) return Fail(manifest.error().Context("resolve " + o.ref));
  auto list = (*conn)->referrers().List(*ref, manifest->digest, o.artifact_type);
  if (!list.ok()) return Fail(list.error().Context("referrers of " + o.ref));
  auto fmt = ParseFormat(o.format, o.json);
  if (!fmt.ok()) return Fail(fmt.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *list) {
    const char* src = e.source == oci::ReferrersSource::kApi         ? "api"
                      : e.source == oci::ReferrersSource::kTagSchema ? "tag-schema"
                                                                     : "cosign-att";
    if (*fmt == Format::kJson) {
      nlohmann::json j{{"digest", e.descriptor.digest.ToString()},
                       {"mediaType", e.descriptor.media_type},
                       {"artifactType", e.descriptor.artifact_type},
                       {"size", e.descriptor.size},
                       {"source", src}};
      if (!e.descriptor.annotations.empty()) j["annotations"] = e.descriptor.annotations;
      out.push_back(j);
    } else {
      std::printf("%s  %s  %s\n", e.descriptor.digest.ToString().c_str(),
                  e.descriptor.artifact_type.c_str(), src);
    }
  }
  if (*fmt == Format::kJson) {
    nlohmann::json doc{{"subject", manifest->digest.ToString()}, {"referrers", out}};
    std::printf("%s\n", doc.dump(2).c_str());
  }
  return kExitOk;
}
}  // namespace

void RegisterVerifyRef(CLI::App& app, int* rc) {
  auto o = std::make_shared<VerifyRefOptions>();
  // Kept for scripts written against 0.1 pre-releases; `verify REF` is the documented form.
  auto* cmd = app.add_subcommand("verify-ref",
                                 "same as `verify REF` (model artifact or image in a registry)");
  cmd->add_option("ref", o->ref, "host[:port]/repo[:tag][@digest]")->required();
  AddTrustFlags(cmd, &o->trust);
  AddRegistryFlags(cmd, &o->registry);
  cmd->callback([o, rc] { *rc = RunVerifyRef(*o); });
}

void RegisterDiscover(CLI::App& app, int* rc) {
  auto o = std::make_shared<DiscoverOptions>();
  auto* cmd = app.add_subcommand("discover", "list the referrers of an artifact");
  cmd->add_option("ref", o->ref, "host[:port]/repo[:tag][@digest]")->required();
  cmd->add_option("--artifact-type", o->artifact_type, "only referrers of this artifactType");
  cmd->add_option("--format", o->format, "text | json");
  cmd->add_flag("--json", o->json, "same as --format json");
  AddRegistryFlags(cmd, &o->registry);
  cmd->callback([o, rc] { *rc = RunDiscover(*o); });
}

}  // namespace attestfs::cli

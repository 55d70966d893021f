// `attestfs bom TARGET` and `attestfs evidence FILE --target TARGET --predicate-type URI`:
// create evidence, optionally sign it (-o attest|bundle) and store it. Unsigned output goes to
// --output-file or stdout and is not stored; signed output goes to the store (and the file), and
// stdout reports its digest and location. `--oci REF` (signed output only) first checks that
// the target's files match the artifact REF one to one, then attaches the evidence to REF as a
// referrer; `bom registry:REF` makes evidence about the artifact in the registry, prints it
// unsigned (default, -o statement) or signs, stores and attaches it (-o attest|bundle).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/evidence_builder.h"
#include "app/evidence_publisher.h"
#include "app/oci_evidence.h"
#include "app/report_evidence.h"
#include "app/target_evidence.h"
#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/keyless_signing_options.h"
#include "cli/progress_options.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "oci/reference.h"
#include "oci/registry_connection.h"
#include "targets/target_spec.h"

namespace attestfs::cli {

namespace {

struct CommonOptions {
  std::string output = "";  // -o
  std::string key, cert, name, store, output_file, format;
  bool json = false;
  KeylessSigningFlags keyless;
};

struct BomOptions : CommonOptions {
  std::string target, predicate, oci;
  RegistryFlags registry;
  ProgressFlags progress;
  std::vector<std::string> include, exclude;
  uint64_t chunk_size = attestation::kDefaultChunkSize;
};

struct EvidenceOptions : CommonOptions {
  std::string file, target, predicate_type;
};

void AddCommon(CLI::App* cmd, CommonOptions* o) {
  cmd->add_option("-o,--output", o->output, "statement | attest (DSSE) | bundle (Sigstore v0.3)");
  cmd->add_option("--key", o->key, "private key (PEM) to sign with");
  cmd->add_option("--cert", o->cert, "X.509 chain (PEM, leaf first) to embed; needs -o bundle");
  AddKeylessSigningFlags(cmd, &o->keyless);
  cmd->add_option("--name", o->name,
                  "subject name (default: the target's absolute path or git remote)");
  cmd->add_option("--store", o->store, "attestation store directory");
  cmd->add_option("--output-file", o->output_file, "also write the output to this file");
  cmd->add_option("--format", o->format, "text | json");
  cmd->add_flag("--json", o->json, "same as --format json");
}

// Signs/stores or prints `st` according to the common options; signed evidence is attached to
// `attach` when given (after it was stored locally).
int Emit(const attestation::Statement& st, const CommonOptions& o, app::OutputKind kind,
         const app::OciAttachTarget* attach = nullptr) {
  auto fmt = ParseFormat(o.format, o.json);
  if (!fmt.ok()) return Fail(fmt.error());
  if (kind == app::OutputKind::kPredicate || kind == app::OutputKind::kStatement) {
    if (!o.key.empty() || !o.cert.empty() || o.keyless.keyless)
      return Fail(Errc::kUsage, "--key/--cert/--keyless need -o attest or -o bundle");
    std::string text = kind == app::OutputKind::kStatement ? st.Serialize() : st.predicate_json;
    text = nlohmann::json::parse(text).dump(2) + "\n";
    if (!o.output_file.empty()) {
      if (auto s = WriteFileAtomic(o.output_file, text); !s.ok()) return Fail(s.error());
    } else {
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return kExitOk;
  }
  app::PublishOptions po;
  po.kind = kind;
  po.key = o.key;
  po.cert = o.cert;
  po.store = o.store;
  po.output_file = o.output_file;
  if (Status st = ApplyKeylessSigning(o.keyless, &po); !st.ok()) return Fail(st.error());
  auto publisher = app::EvidencePublisher::Open(po, SystemClock());
  if (!publisher.ok()) return Fail(publisher.error());
  auto published = publisher->Publish(st, attach);
  if (!published.ok()) return Fail(published.error());
  const store::StoreEntry* entry = &published->entry;
  const std::string& referrer = published->referrer;
  if (*fmt == Format::kJson) {
    nlohmann::json j{{"digest", entry->digest},         {"store", published->store_root},
                     {"mediaType", entry->media_type},  {"predicateType", st.predicate_type},
                     {"subject", entry->subject_names}, {"subjectDigest", entry->subject_digests}};
    if (!o.output_file.empty()) j["file"] = o.output_file;
    if (!referrer.empty()) j["referrer"] = referrer;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s\nstored in %s%s%s\n", entry->digest.c_str(), published->store_root.c_str(),
                o.output_file.empty() ? "" : ", written to ", o.output_file.c_str());
    if (!referrer.empty())
      std::printf("attached to %s as referrer %s\n", attach->ref.ToString().c_str(),
                  referrer.c_str());
  }
  return kExitOk;
}

int RunBom(const BomOptions& o) {
  auto kind = app::ParseOutputKind(o.output);
  if (!kind.ok()) return Fail(kind.error());
  auto pred = app::ParsePredicateKind(o.predicate);
  if (!pred.ok()) return Fail(pred.error());
  auto spec = targets::ParseTarget(o.target);
  if (!spec.ok()) return Fail(spec.error());
  const bool registry_target = spec->kind == targets::TargetSpec::Kind::kRegistry;
  const bool signed_output = *kind == app::OutputKind::kAttest || *kind == app::OutputKind::kBundle;
  // registry:REF prints its evidence unsigned like any target, and attaches it once signed.
  if (!o.oci.empty() && !registry_target && !signed_output)
    return Fail(Errc::kUsage, "--oci REF attaches signed evidence: give -o attest|bundle --key K");
  if (!o.oci.empty() && registry_target) {
    auto a = oci::Reference::Parse(o.oci);
    auto t = oci::Reference::Parse(spec->location);
    if (!a.ok() || !t.ok() || a->ToString() != t->ToString()) {
      return Fail(Errc::kUsage, "--oci " + o.oci + " is not the target " + spec->ToString() +
                                    ": registry:REF attaches to REF itself");
    }
  }
  app::TargetEvidenceRequest req;
  req.target = *spec;
  req.predicate = *pred;
  req.name = o.name;
  req.include = o.include;
  req.exclude = o.exclude;
  req.chunk_size = o.chunk_size;
  req.attach_to = registry_target ? "" : o.oci;
  std::unique_ptr<ProgressSink> progress = MakeProgressSink(o.progress);
  req.progress = progress.get();
  std::unique_ptr<oci::RegistryConnection> conn;
  if (registry_target || !o.oci.empty()) {
    RegistryFlags flags = o.registry;
    flags.progress = progress.get();
    auto c = ConnectRegistry(flags);
    if (!c.ok()) return Fail(c.error());
    conn = std::move(*c);
    req.registry = conn.get();
  }
  auto ev = app::BuildTargetEvidence(req);
  if (!ev.ok()) return Fail(ev.error());
  for (const auto& w : ev->warnings) std::fprintf(stderr, "attestfs: warning: %s\n", w.c_str());
  if (ev->image) {
    std::fprintf(stderr,
                 "attestfs: image %s: %zu files, %zu OS packages, %zu Python distributions, %zu "
                 "model files\n",
                 ev->manifest_digest.ToString().c_str(), ev->files, ev->os_packages, ev->python,
                 ev->models);
  }
  return Emit(ev->statement, o, *kind, ev->attach ? &*ev->attach : nullptr);
}

int RunEvidence(const EvidenceOptions& o) {
  auto kind = app::ParseOutputKind(o.output);
  if (!kind.ok()) return Fail(kind.error());
  auto spec = targets::ParseTarget(o.target);
  if (!spec.ok()) return Fail(spec.error());
  app::ReportEvidenceRequest req;
  req.report_file = o.file;
  req.target = *spec;
  req.predicate_type = o.predicate_type;
  req.name = o.name;
  auto st = app::BuildReportEvidence(req);
  if (!st.ok()) return Fail(st.error());
  return Emit(*st, o, *kind == app::OutputKind::kPredicate ? app::OutputKind::kStatement : *kind);
}
}  // namespace

void RegisterBom(CLI::App& app, int* rc) {
  auto o = std::make_shared<BomOptions>();
  auto* cmd = app.add_subcommand(
      "bom", "create evidence (CycloneDX ML-BOM or model-signing manifest) about a target");
  cmd->add_option("target", o->target,
                  "dir:PATH | file:PATH | git:PATH|URL | registry:REF | oci-layout:DIR[:TAG] | "
                  "oci-archive:FILE | docker-archive:FILE | PATH")
      ->required();
  cmd->add_option("--predicate", o->predicate, "cyclonedx (default) | model-signing");
  cmd->add_option("--include", o->include, "only files matching this glob (repeatable)");
  cmd->add_option("--exclude", o->exclude, "leave out files matching this glob (repeatable)");
  cmd->add_option("--chunk-size", o->chunk_size,
                  "chunk size of the chunk index in bytes (default 4 MiB)");
  cmd->add_option(
      "--oci", o->oci,
      "attach the signed evidence to this model artifact (host/repo:tag) as a referrer");
  AddCommon(cmd, o.get());
  AddRegistryFlags(cmd, &o->registry);
  AddProgressFlags(cmd, &o->progress);
  cmd->callback([o, rc] { *rc = RunBom(*o); });
}

void RegisterEvidence(CLI::App& app, int* rc) {
  auto o = std::make_shared<EvidenceOptions>();
  auto* cmd = app.add_subcommand("evidence", "wrap a report (JSON) as evidence about a target");
  cmd->add_option("file", o->file, "the report (JSON), e.g. a bias test result")->required();
  cmd->add_option("--target", o->target, "the target the report is about")->required();
  cmd->add_option("--predicate-type", o->predicate_type, "predicate type URI")->required();
  AddCommon(cmd, o.get());
  cmd->callback([o, rc] { *rc = RunEvidence(*o); });
}

}  // namespace attestfs::cli

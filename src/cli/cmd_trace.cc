// `attestfs trace sign FILE --target T -o attest|bundle --key K` turns a mount's access trace
// (JSON Lines, see docs/trace-format.md) into signed runtime-trace evidence about the target;
// `attestfs trace summary FILE --target T` shows what was read and which files were never opened.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/evidence_builder.h"
#include "app/evidence_publisher.h"
#include "base/clock.h"
#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/keyless_signing_options.h"
#include "cli/reporting.h"
#include "fuse/runtime_trace.h"
#include "targets/target_spec.h"

namespace attestfs::cli {

namespace {

struct TraceOptions {
  std::string file, target, output = "attest", key, cert, name, store, output_file, mountpoint;
  KeylessSigningFlags keyless;
};

Result<targets::ScannedTarget> Scan(const std::string& target) {
  AFS_ASSIGN_OR_RETURN(auto spec, targets::ParseTarget(target));
  targets::ScanOptions scan;
  scan.compute_chunks = false;
  return targets::ScanTarget(spec, scan);
}

int RunSign(const TraceOptions& o) {
  auto kind = app::ParseOutputKind(o.output);
  if (!kind.ok()) return Fail(kind.error());
  if (*kind != app::OutputKind::kAttest && *kind != app::OutputKind::kBundle)
    return Fail(Errc::kUsage, "trace sign needs -o attest or -o bundle");
  if (o.key.empty()) return Fail(Errc::kUsage, "trace sign needs --key PRIVATE.pem");
  auto trace = ReadFileLimited(o.file, fs::kMaxTraceBytes);
  if (!trace.ok()) return Fail(trace.error().Context("read trace"));
  auto scanned = Scan(o.target);
  if (!scanned.ok()) return Fail(scanned.error().Context("scan " + o.target));
  auto predicate = fs::BuildRuntimeTracePredicate(*trace, scanned->manifest, o.mountpoint);
  if (!predicate.ok()) return Fail(predicate.error().Context("trace " + o.file));
  attestation::Statement st;
  SystemClock clock;
  auto created = app::EvidenceCreationTime(clock);
  if (!created.ok()) return Fail(created.error());
  st.subjects.push_back(
      app::SubjectFor(*scanned, o.name.empty() ? scanned->default_name : o.name, *created));
  st.predicate_type = attestation::kRuntimeTracePredicate;
  st.predicate_json = *predicate;
  app::PublishOptions po;
  po.kind = *kind;
  po.key = o.key;
  po.cert = o.cert;
  po.store = o.store;
  po.output_file = o.output_file;
  if (Status ks = ApplyKeylessSigning(o.keyless, &po); !ks.ok()) return Fail(ks.error());
  auto publisher = app::EvidencePublisher::Open(po, clock);
  if (!publisher.ok()) return Fail(publisher.error());
  auto published = publisher->Publish(st);
  if (!published.ok()) return Fail(published.error());
  std::printf("%s\nstored in %s\n", published->entry.digest.c_str(), published->store_root.c_str());
  return kExitOk;
}

int RunSummary(const TraceOptions& o) {
  auto trace = ReadFileLimited(o.file, fs::kMaxTraceBytes);
  if (!trace.ok()) return Fail(trace.error().Context("read trace"));
  auto scanned = Scan(o.target);
  if (!scanned.ok()) return Fail(scanned.error().Context("scan " + o.target));
  auto text = fs::SummarizeTrace(*trace, scanned->manifest);
  if (!text.ok()) return Fail(text.error().Context("trace " + o.file));
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}
}  // namespace

void RegisterTrace(CLI::App& app, int* rc) {
  auto o = std::make_shared<TraceOptions>();
  auto* cmd = app.add_subcommand("trace", "sign or summarise a mount's access trace");
  cmd->require_subcommand(1);
  auto* sign =
      cmd->add_subcommand("sign", "sign a trace as runtime-trace evidence about the target");
  sign->add_option("file", o->file, "trace file written by -o trace=FILE")->required();
  sign->add_option("--target", o->target, "the mounted source (dir:PATH)")->required();
  sign->add_option("-o,--output", o->output, "attest (default) | bundle");
  sign->add_option("--key", o->key, "private key (PEM)");
  sign->add_option("--cert", o->cert, "X.509 chain (PEM) for -o bundle");
  AddKeylessSigningFlags(sign, &o->keyless);
  sign->add_option("--name", o->name, "subject name (default: the target's default name)");
  sign->add_option("--store", o->store, "attestation store directory");
  sign->add_option("--output-file", o->output_file, "also write the envelope here");
  sign->add_option("--mountpoint", o->mountpoint, "where it was mounted (recorded)");
  sign->callback([o, rc] { *rc = RunSign(*o); });
  auto* sum = cmd->add_subcommand("summary", "files read, and attested files never opened");
  sum->add_option("file", o->file, "trace file")->required();
  sum->add_option("--target", o->target, "the mounted source (dir:PATH)")->required();
  sum->callback([o, rc] { *rc = RunSummary(*o); });
}

}  // namespace attestfs::cli

// `attestfs attach REF FILE [--key PUB]`: pushes an existing DSSE envelope or Sigstore bundle as
// a referrer of REF's manifest (bundle: cosign's current format; DSSE: an in-toto referrer).
// With trust material the signature is verified first and nothing is attached unless it holds.
// stdout: the referrer manifest digest, nothing else.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/attach_document.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "oci/registry_connection.h"

namespace attestfs::cli {

namespace {
struct AttachOptions {
  std::string ref, file;
  TrustFlags trust;
  RegistryFlags registry;
};

int RunAttach(const AttachOptions& o) {
  std::unique_ptr<keys::TrustPolicy> trust;
  if (!o.trust.Empty()) {
    auto t = TrustFromFlags(o.trust);
    if (!t.ok()) return Fail(t.error());
    trust = std::move(*t);
  }
  auto conn = ConnectRegistry(o.registry);
  if (!conn.ok()) return Fail(conn.error());
  app::AttachRequest req;
  req.ref = o.ref;
  req.file = o.file;
  req.trust = trust.get();
  req.registry = conn->get();
  auto attached = app::AttachDocument(req);
  if (!attached.ok()) {
    if (attached.error().code() != Errc::kVerificationFailed) return Fail(attached.error());
    std::fprintf(stderr, "attestfs: %s\n", attached.error().message().c_str());
    return kExitVerifyFailed;
  }
  for (const auto& w : attached->warnings)
    std::fprintf(stderr, "attestfs: warning: %s\n", w.c_str());
  std::printf("%s\n", attached->referrer.c_str());
  return kExitOk;
}
}  // namespace

void RegisterAttach(CLI::App& app, int* rc) {
  auto o = std::make_shared<AttachOptions>();
  auto* cmd =
      app.add_subcommand("attach", "push an existing envelope or bundle as a referrer of REF");
  cmd->add_option("ref", o->ref, "host[:port]/repo[:tag][@digest]")->required();
  cmd->add_option("file", o->file, "DSSE envelope or Sigstore bundle (JSON)")->required();
  AddTrustFlags(cmd, &o->trust);
  AddRegistryFlags(cmd, &o->registry);
  cmd->callback([o, rc] { *rc = RunAttach(*o); });
}

}  // namespace attestfs::cli

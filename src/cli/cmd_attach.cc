// `attestfs attach REF FILE [--key PUB]`: pushes an existing DSSE envelope or Sigstore bundle as
// a referrer of REF's manifest (bundle: cosign's current format; DSSE: an in-toto referrer).
// With trust material the signature is verified first and nothing is attached unless it holds.
// stdout: the referrer manifest digest, nothing else.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/oci_evidence.h"
#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "oci/referrer_artifact.h"
#include "oci/registry_connection.h"
#include "store/attestation_store.h"
#include "verify/signed_attestation.h"

namespace attestfs::cli {

namespace {
struct AttachOptions {
  std::string ref, file;
  TrustFlags trust;
  RegistryFlags registry;
};

int RunAttach(const AttachOptions& o) {
  auto bytes = ReadFileLimited(o.file, oci::kMaxAttachmentBytes);
  if (!bytes.ok()) return Fail(bytes.error().Context("read " + o.file));
  auto media_type = verify::DetectMediaType(*bytes);
  if (!media_type.ok()) return Fail(media_type.error().Context(o.file));
  app::OutputKind kind = *media_type == attestation::kBundleMediaTypeV03 ? app::OutputKind::kBundle
                                                                         : app::OutputKind::kAttest;
  attestation::Statement statement;
  if (!o.trust.Empty()) {
    auto trust = TrustFromFlags(o.trust);
    if (!trust.ok()) return Fail(trust.error());
    auto verified = verify::VerifySignedAttestation(*bytes, **trust);
    if (!verified.ok()) {
      std::fprintf(stderr, "attestfs: %s: %s\n", o.file.c_str(),
                   verified.error().message().c_str());
      return kExitVerifyFailed;
    }
    statement = verified->statement;
  } else {
    // Only the predicate type and creation time are read, for the referrer's annotations.
    auto parsed = verify::UnverifiedStatementForIndex(*bytes);
    if (!parsed.ok()) return Fail(parsed.error().Context(o.file));
    statement = *parsed;
    std::fprintf(
        stderr,
        "attestfs: no trust material given: %s is attached without checking its signature\n",
        o.file.c_str());
  }
  auto conn = ConnectRegistry(o.registry);
  if (!conn.ok()) return Fail(conn.error());
  auto target = app::ResolveAttachTarget(**conn, o.ref);
  if (!target.ok()) return Fail(target.error());
  bool names_manifest = false;
  for (const auto& s : statement.subjects) {
    auto it = s.digest.find("sha256");
    names_manifest |=
        it != s.digest.end() && it->second == target->manifest.descriptor.digest.Hex();
  }
  if (!names_manifest && !target->model) {
    std::fprintf(stderr,
                 "attestfs: warning: no subject of %s names %s; verify will not accept it for this "
                 "artifact\n",
                 o.file.c_str(), target->manifest.descriptor.digest.ToString().c_str());
  }
  auto referrer = app::AttachEvidence(*target, *bytes, statement, kind);
  if (!referrer.ok()) return Fail(referrer.error());
  std::printf("%s\n", referrer->c_str());
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

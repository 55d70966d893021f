// `attestfs copy SRC DEST [--key PUB | --ca-roots R --identity ID] [--no-referrers]`: moves a
// model artifact or image WITH its referrers (the evidence travels along) between registries and
// OCI layout directories (air-gapped sites), digests preserved. SRC/DEST: host/repo[:tag][@digest]
// (or registry:REF) or oci-layout:DIR[:TAG]. With trust material, the source's evidence is
// verified before anything is written to DEST.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/store_evidence.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/progress_options.h"
#include "cli/registry_options.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "image/image_target.h"
#include "oci/artifact_store.h"
#include "oci/copy.h"
#include "oci/registry_connection.h"

namespace attestfs::cli {

namespace {
struct CopyCliOptions {
  std::string src, dest;
  bool no_referrers = false;
  TrustFlags trust;
  RegistryFlags registry;  // both ends, unless --dest-* flags give the destination its own
  ProgressFlags progress;
  bool dest_plain_http = false;
  std::string dest_ca_file, dest_authfile;
  bool DestinationOwnFlags() const {
    return dest_plain_http || !dest_ca_file.empty() || !dest_authfile.empty();
  }
};

// One end of a copy: the store plus the tag/digest inside it.
struct Endpoint {
  std::unique_ptr<oci::ImageLayout> layout;
  std::unique_ptr<oci::ArtifactStore> store;
  std::string id;  // tag or sha256:... (source) / tag (destination; may be empty)
};

Result<Endpoint> OpenEndpoint(const std::string& text, oci::RegistryConnection& conn,
                              bool destination) {
  Endpoint e;
  if (text.rfind("oci-layout:", 0) == 0) {
    // The TARGET grammar of every verb: oci-layout:DIR[:TAG|@sha256:HEX].
    auto target = image::ParseImageTarget(text);
    if (!target.ok()) return Error(Errc::kUsage, target.error().message());
    const std::string& dir = target->location;
    e.id = target->tag;
    if (destination && e.id.rfind("sha256:", 0) == 0)
      return Error(Errc::kUsage, "'" + text + "': a copy into an OCI layout is named by a tag");
    auto layout = destination ? oci::ImageLayout::OpenOrCreate(dir) : oci::ImageLayout::Open(dir);
    if (!layout.ok()) return layout.error().Context(text);
    e.layout = std::move(*layout);
    e.store = std::make_unique<oci::LayoutStore>(*e.layout);
    if (!destination && e.id.empty()) e.id = "latest";
    return e;
  }
  std::string ref_text = text.rfind("registry:", 0) == 0 ? text.substr(9) : text;
  auto ref = oci::Reference::Parse(ref_text);
  if (!ref.ok())
    return Error(Errc::kUsage, "'" + text + "': " + ref.error().message() +
                                   " (expected a reference or oci-layout:DIR[:TAG])");
  e.id = ref->digest ? ref->digest->ToString() : ref->tag;
  if (destination) e.id = ref->tag;
  e.store = std::make_unique<oci::RegistryStore>(conn.registry(), conn.referrers(), *ref);
  return e;
}

int RunCopy(const CopyCliOptions& o) {
  std::unique_ptr<ProgressSink> progress = MakeProgressSink(o.progress);
  RegistryFlags flags = o.registry;
  flags.progress = progress.get();
  auto conn = ConnectRegistry(flags);
  if (!conn.ok()) return Fail(conn.error());
  auto src = OpenEndpoint(o.src, **conn, false);
  if (!src.ok()) return Fail(src.error());
  if (!o.trust.Empty()) {
    auto trust = TrustFromFlags(o.trust);
    if (!trust.ok()) return Fail(trust.error());
    auto checked = app::CheckEvidenceInStore(*src->store, src->id, **trust);
    if (!checked.ok()) {
      if (checked.error().code() != Errc::kVerificationFailed)
        return Fail(checked.error().Context("verify " + o.src));
      std::printf("FAILED: %s: %s\n", o.src.c_str(), checked.error().message().c_str());
      return kExitVerifyFailed;
    }
    std::fprintf(stderr, "attestfs: %s verified: evidence %s signed by %s\n", o.src.c_str(),
                 checked->used.digest.c_str(), checked->used.signer.description.c_str());
  }
  // A destination with its own TLS / plain-HTTP / credentials settings gets its own connection.
  std::unique_ptr<oci::RegistryConnection> dest_conn;
  if (o.DestinationOwnFlags()) {
    RegistryFlags df;
    df.plain_http = o.dest_plain_http;
    df.ca_file = o.dest_ca_file;
    df.authfile = o.dest_authfile;
    df.progress = progress.get();
    auto c = ConnectRegistry(df);
    if (!c.ok()) return Fail(c.error());
    dest_conn = std::move(*c);
  }
  auto dst = OpenEndpoint(o.dest, dest_conn ? *dest_conn : **conn, true);
  if (!dst.ok()) return Fail(dst.error());
  std::string tag = dst->id;
  if (tag.empty() && src->id.rfind("sha256:", 0) != 0) tag = src->id;  // keep the source's tag
  if (tag.empty() && dst->layout)
    return Fail(Errc::kUsage,
                "copying by digest into an OCI layout needs a tag: oci-layout:DIR:TAG");
  oci::CopyOptions co;
  co.referrers = !o.no_referrers;
  auto copied = oci::Copy(*src->store, src->id, *dst->store, tag, co);
  if (!copied.ok()) return Fail(copied.error().Context("copy " + o.src + " to " + o.dest));
  std::fprintf(stderr, "attestfs: copied %d manifests, %d blobs, %d referrers\n",
               copied->manifests_copied, copied->blobs_copied, copied->referrers_copied);
  std::printf("%s\n", copied->root.digest.ToString().c_str());
  return kExitOk;
}
}  // namespace

void RegisterCopy(CLI::App& app, int* rc) {
  auto o = std::make_shared<CopyCliOptions>();
  auto* cmd = app.add_subcommand(
      "copy",
      "copy an artifact or image with its referrers (registry <-> registry | oci-layout:DIR)");
  cmd->add_option("src", o->src, "host/repo[:tag][@digest] | oci-layout:DIR[:TAG]")->required();
  cmd->add_option("dest", o->dest, "host/repo[:tag] | oci-layout:DIR[:TAG]")->required();
  cmd->add_flag("--no-referrers", o->no_referrers, "copy the artifact only, without its evidence");
  AddTrustFlags(cmd, &o->trust);
  AddRegistryFlags(cmd, &o->registry);
  cmd->add_flag("--dest-plain-http", o->dest_plain_http,
                "destination only: plain HTTP (then the flags above are the source's)");
  cmd->add_option("--dest-ca-file", o->dest_ca_file, "destination only: CA bundle");
  cmd->add_option("--dest-authfile", o->dest_authfile, "destination only: credentials file");
  AddProgressFlags(cmd, &o->progress);
  cmd->callback([o, rc] { *rc = RunCopy(*o); });
}

}  // namespace attestfs::cli

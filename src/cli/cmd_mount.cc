// `attestfs mount SRC MOUNTPOINT [-o OPTIONS] [--foreground]` and the mount(8) helper
// `mount.attestfs SRC DIR [-s] [-f] [-n] [-v] -o OPTIONS`. Before anything is mounted the
// attestation is found and its signature verified. Local directories (dir:PATH or an existing
// path): attestation= or the store by name=. Registry artifacts (registry:REF, host/repo:tag,
// host/repo@sha256:...): mount_registry_source.h. The verified manifest is then served by the
// verifying filesystem.
#include <limits.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/mount_registry_source.h"
#include "cli/mount_verification.h"
#include "cli/reporting.h"
#include "content/local_blob_source.h"
#include "fuse/mount.h"
#include "fuse/mount_options.h"
#include "store/attestation_store.h"

namespace attestfs::cli {

namespace {
struct MountCliOptions {
  std::string source, mountpoint, options;
  bool foreground = false;
};

// Finds and verifies the newest content attestation for `name` (or the explicit file).
Result<attestation::FileManifest> VerifiedLocalManifest(const fs::MountOptions& mo,
                                                        const std::string& name) {
  AFS_ASSIGN_OR_RETURN(MountTrust trust, LoadMountTrust(mo));
  std::vector<std::string> docs;
  if (!mo.attestation.empty()) {
    AFS_ASSIGN_OR_RETURN(std::string bytes,
                         ReadFileLimited(mo.attestation, attestation::kMaxDocumentBytes));
    docs.push_back(std::move(bytes));
  } else {
    store::AttestationStore store(StoreRoot(mo.store));
    AFS_ASSIGN_OR_RETURN(auto entries, store.FindByName(name));
    for (const auto& e : entries) {
      auto b = store.Get(e.digest);
      if (b.ok()) docs.push_back(std::move(*b));
    }
  }
  AFS_ASSIGN_OR_RETURN(auto selected, SelectMountContent(trust, docs, name));
  AFS_TRY(EvaluateMountPolicy(trust, selected, name));
  return std::move(selected.content.manifest);
}

Result<fs::MountRequest> PrepareLocalMount(const std::string& source_arg,
                                           const std::string& mountpoint, fs::MountOptions mo) {
  std::string src = source_arg.rfind("dir:", 0) == 0 ? source_arg.substr(4) : source_arg;
  char real[PATH_MAX];
  if (!::realpath(src.c_str(), real)) return ErrnoError("source " + source_arg, errno);
  std::string root = real;
  std::string name = mo.name.empty() ? root : mo.name;
  fs::MountRequest req;
  AFS_ASSIGN_OR_RETURN(req.manifest, VerifiedLocalManifest(mo, name));
  req.source_name = "dir:" + root;
  req.mountpoint = mountpoint;
  AFS_ASSIGN_OR_RETURN(auto local, content::LocalBlobSource::Open(root));
  req.source = std::shared_ptr<content::BlobSource>(std::move(local));
  req.options = std::move(mo);
  return req;
}

// `fake` (mount -f): every check, but no mount.
Status DoMount(const std::string& source_arg, const std::string& mountpoint, fs::MountOptions mo,
               bool fake = false) {
  const int read_ahead = mo.read_ahead_chunks;
  auto registry_ref = RegistrySourceReference(source_arg);
  auto req = registry_ref ? PrepareRegistryMount(*registry_ref, mountpoint, std::move(mo))
                          : PrepareLocalMount(source_arg, mountpoint, std::move(mo));
  if (!req.ok()) return req.error();
  if (read_ahead >= 0) req->reader.read_ahead_chunks = static_cast<size_t>(read_ahead);
  if (fake) return OkStatus();
  return fs::Mount(std::move(*req));
}

int RunMount(const MountCliOptions& o) {
  auto mo = fs::ParseMountOptions(o.options);
  if (!mo.ok()) return Fail(mo.error());
  if (o.foreground) mo->foreground = true;
  auto s = DoMount(o.source, o.mountpoint, std::move(*mo));
  if (!s.ok()) return Fail(s.error().Context("mount " + o.source));
  return kExitOk;
}
}  // namespace

void RegisterMount(CLI::App& app, int* rc) {
  auto o = std::make_shared<MountCliOptions>();
  auto* cmd = app.add_subcommand(
      "mount", "mount a model read-only, verifying every byte against its attestation");
  cmd->add_option("source", o->source,
                  "dir:PATH, PATH, registry:REF, host/repo:tag or host/repo@sha256:...")
      ->required();
  cmd->add_option("mountpoint", o->mountpoint, "where to mount")->required();
  cmd->add_option("-o", o->options, "comma-separated options (see mount.attestfs(8))");
  cmd->add_flag("--foreground,-f", o->foreground, "serve in the foreground");
  cmd->callback([o, rc] { *rc = RunMount(*o); });
}

int MountHelperMain(int argc, char** argv) {
  // mount(8) convention: mount.attestfs SRC DIR [-sfnv] [-o OPTS]; exit 1 usage, 32 failure.
  std::vector<std::string> pos;
  std::string opts;
  bool sloppy = false, fake = false;  // -f is mount(8)'s fake (foreground is -o foreground)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      opts += (opts.empty() ? "" : ",") + std::string(argv[++i]);
    } else if (a.size() > 1 && a[0] == '-') {
      for (char c : a.substr(1)) {
        if (c == 's')
          sloppy = true;
        else if (c == 'f')
          fake = true;
        else if (c != 'n' && c != 'v') {
          std::fprintf(stderr, "mount.attestfs: unknown flag -%c\n", c);
          return 1;
        }
      }
    } else {
      pos.push_back(a);
    }
  }
  if (pos.size() != 2) {
    std::fprintf(stderr, "usage: mount.attestfs SRC DIR [-s] [-f] [-n] [-v] -o OPTIONS\n");
    return 1;
  }
  // mount(8) passes "rw" when the user gave no -o; the filesystem is read-only regardless.
  std::string filtered;
  size_t i = 0;
  while (i <= opts.size()) {
    size_t j = opts.find(',', i);
    if (j == std::string::npos) j = opts.size();
    std::string one = opts.substr(i, j - i);
    if (!one.empty() && one != "rw") filtered += (filtered.empty() ? "" : ",") + one;
    i = j + 1;
  }
  auto mo = fs::ParseMountOptions(filtered, sloppy);
  if (!mo.ok()) {
    std::fprintf(stderr, "mount.attestfs: %s\n", mo.error().message().c_str());
    return 1;
  }
  auto s = DoMount(pos[0], pos[1], std::move(*mo), fake);
  if (!s.ok()) {
    std::fprintf(stderr, "mount.attestfs: %s: %s\n", pos[0].c_str(), s.error().message().c_str());
    return s.error().code() == Errc::kUsage ? 1 : 32;
  }
  return 0;
}

}  // namespace attestfs::cli

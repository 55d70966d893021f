// `attestfs mount SRC MOUNTPOINT [-o OPTIONS] [--foreground]` and the mount(8) helper
// `mount.attestfs SRC DIR [-s] [-f] [-n] [-v] -o OPTIONS`. Before anything is mounted the
// attestation is found (attestation= or the store by name=) and its signature verified; the
// verified file manifest is then served by the verifying filesystem over the local directory.
#include <limits.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "base/clock.h"

#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"
#include "content/local_blob_source.h"
#include "fuse/mount.h"
#include "fuse/mount_options.h"
#include "policy/evaluator.h"
#include "policy/policy_file.h"
#include "policy/report.h"
#include "store/attestation_store.h"
#include "verify/content_selection.h"

namespace attestfs::cli {

namespace {
struct MountCliOptions {
  std::string source, mountpoint, options;
  bool foreground = false;
};

// Finds and verifies the newest content attestation for `name` (or the explicit file).
Result<attestation::FileManifest> VerifiedManifest(const fs::MountOptions& mo, const std::string& name) {
  TrustFlags flags;
  if (!mo.key.empty()) {
    size_t i = 0;
    while (i <= mo.key.size()) {
      size_t j = mo.key.find(':', i);
      if (j == std::string::npos) j = mo.key.size();
      if (j > i) flags.keys.push_back(mo.key.substr(i, j - i));
      i = j + 1;
    }
  }
  flags.ca_roots = mo.ca_roots;
  flags.identity = mo.identity;
  std::optional<policy::PolicyFile> pf;
  if (!mo.policy.empty()) {
    AFS_ASSIGN_OR_RETURN(auto loaded, policy::PolicyFile::Load(mo.policy));
    pf = std::move(loaded);
  }
  AFS_ASSIGN_OR_RETURN(auto trust, (pf && flags.Empty()) ? pf->TrustFromPolicy() : TrustFromFlags(flags));
  std::vector<std::string> docs;
  store::AttestationStore store(StoreRoot(mo.store));
  if (!mo.attestation.empty()) {
    AFS_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(mo.attestation, attestation::kMaxDocumentBytes));
    docs.push_back(std::move(bytes));
  } else {
    AFS_ASSIGN_OR_RETURN(auto entries, store.FindByName(name));
    for (const auto& e : entries) {
      auto b = store.Get(e.digest);
      if (b.ok()) docs.push_back(std::move(*b));
    }
  }
  if (docs.empty()) return Error(Errc::kVerificationFailed, "no attestation found for " + name);
  auto selected = verify::SelectContentAttestation(docs, *trust, /*require_full=*/true);
  if (!selected.ok()) return selected.error().Context(name);
  policy::EvaluationInput input;
  input.subject_name = name;
  input.subject_digest = selected->content.subject_digest;
  for (const auto& v : selected->verified) {
    input.evidence.push_back(policy::EvidenceItem{v.statement, v.digest, true, v.signer, {}});
  }
  if (pf) {
    SystemClock clock;
    policy::Decision decision = policy::Evaluate(*pf, input, clock);
    if (!decision.ok) {
      std::fprintf(stderr, "%s", policy::RenderText(decision).c_str());
      return Error(Errc::kPolicyDenied, "policy " + mo.policy + " denied the mount");
    }
  }
  return std::move(selected->content.manifest);
}

Status DoMount(const std::string& source_arg, const std::string& mountpoint, fs::MountOptions mo) {
  std::string src = source_arg;
  if (src.rfind("dir:", 0) == 0) src = src.substr(4);
  char real[PATH_MAX];
  if (!::realpath(src.c_str(), real)) {
    if (source_arg.rfind("registry:", 0) == 0 || source_arg.find('/') != std::string::npos) {
      return Error(Errc::kUnsupported, "registry sources are not mountable yet: " + source_arg);
    }
    return ErrnoError("source " + source_arg, errno);
  }
  std::string root = real;
  std::string name = mo.name.empty() ? root : mo.name;
  AFS_ASSIGN_OR_RETURN(auto manifest, VerifiedManifest(mo, name));
  fs::MountRequest req;
  req.source_name = "dir:" + root;
  req.mountpoint = mountpoint;
  req.manifest = std::move(manifest);
  AFS_ASSIGN_OR_RETURN(auto local, content::LocalBlobSource::Open(root));
  req.source = std::shared_ptr<content::BlobSource>(std::move(local));
  req.options = std::move(mo);
  return fs::Mount(std::move(req));
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
  auto* cmd = app.add_subcommand("mount", "mount a model read-only, verifying every byte against its attestation");
  cmd->add_option("source", o->source, "dir:PATH or PATH")->required();
  cmd->add_option("mountpoint", o->mountpoint, "where to mount")->required();
  cmd->add_option("-o", o->options, "comma-separated options (see mount.attestfs(8))");
  cmd->add_flag("--foreground,-f", o->foreground, "serve in the foreground");
  cmd->callback([o, rc] { *rc = RunMount(*o); });
}

int MountHelperMain(int argc, char** argv) {
  // mount(8) convention: mount.attestfs SRC DIR [-sfnv] [-o OPTS]; exit 1 usage, 32 failure.
  std::vector<std::string> pos;
  std::string opts;
  bool sloppy = false, fg = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      opts += (opts.empty() ? "" : ",") + std::string(argv[++i]);
    } else if (a.size() > 1 && a[0] == '-') {
      for (char c : a.substr(1)) {
        if (c == 's') sloppy = true;
        else if (c == 'f') fg = true;
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
  if (fg) mo->foreground = true;
  auto s = DoMount(pos[0], pos[1], std::move(*mo));
  if (!s.ok()) {
    std::fprintf(stderr, "mount.attestfs: %s: %s\n", pos[0].c_str(), s.error().message().c_str());
    return s.error().code() == Errc::kUsage ? 1 : 32;
  }
  return 0;
}

}  // namespace attestfs::cli

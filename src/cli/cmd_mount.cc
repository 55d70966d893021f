// `attestfs mount SRC MOUNTPOINT [-o OPTIONS] [--foreground]` and the mount(8) helper
// `mount.attestfs SRC DIR [-s] [-f] [-n] [-v] -o OPTIONS`: options parsed
// (cli/mount_option_list.h), the mount prepared and verified by app::PrepareMount (local
// directories and registry artifacts), then served by the verifying filesystem (fs::Mount).
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/prepare_mount.h"
#include "app/verified_artifact_cache.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/mount_option_list.h"
#include "cli/reporting.h"
#include "fuse/mount.h"
#include "policy/report.h"

namespace attestfs::cli {

namespace {
struct MountCliOptions {
  std::string source, mountpoint, options;
  bool foreground = false;
  int status_fd = -1;  // --status-fd: "<errc name>\t<message>\n" on failure (the CSI plugin)
};

// Prints what preparing the mount had to say: warnings, and the policy report on a denial.
void PrintReport(const app::MountReport& report) {
  for (const auto& w : report.warnings) std::fprintf(stderr, "attestfs: warning: %s\n", w.c_str());
  if (report.decision && !report.decision->ok)
    std::fprintf(stderr, "%s", policy::RenderText(*report.decision).c_str());
}

// `fake` (mount -f): every check, but no mount.
Status DoMount(const std::string& source_arg, const std::string& mountpoint,
               MountOptionList options, bool fake = false) {
  options.spec.source = source_arg;
  app::MountReport report;
  auto prepared = app::PrepareMount(options.spec, &report);
  PrintReport(report);
  if (!prepared.ok()) return prepared.error();
  fs::MountRequest req;
  req.source_name = std::move(prepared->source_name);
  req.mountpoint = mountpoint;
  req.manifest = std::move(prepared->manifest);
  req.source = std::move(prepared->source);
  req.source_factory = std::move(prepared->source_factory);
  req.options = std::move(options.fs);
  // Registry sources: the daemon's chunk cache lives inside the verified artifact cache.
  req.options.cache =
      prepared->chunk_cache_dir.empty() ? options.spec.cache : prepared->chunk_cache_dir;
  // Passthrough's private copies: a directory of their own inside the cache directory (the
  // one `cache=` names, else the default verified artifact cache, /var/cache/attestfs as root).
  {
    std::string base =
        options.spec.cache.empty() ? app::VerifiedArtifactCache::DefaultDir() : options.spec.cache;
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(base, ec);
    req.options.passthrough_dir = (ec ? base : abs.string()) + "/passthrough";
  }
  if (options.read_ahead_chunks >= 0)
    req.reader.read_ahead_chunks = static_cast<size_t>(options.read_ahead_chunks);
  if (fake) return OkStatus();
  return fs::Mount(std::move(req));
}

int RunMount(const MountCliOptions& o) {
  auto report_status = [&o](const Error& e) {
    if (o.status_fd < 0) return;
    std::string line = std::string(ErrcName(e.code())) + "\t" + e.message();
    for (char& c : line) {
      if (c == '\n') c = ' ';
    }
    line += "\n";
    (void)!::write(o.status_fd, line.data(), line.size());
  };
  auto mo = ParseMountOptionList(o.options);
  if (!mo.ok()) {
    report_status(mo.error());
    return Fail(mo.error());
  }
  if (o.foreground) mo->fs.foreground = true;
  auto s = DoMount(o.source, o.mountpoint, std::move(*mo));
  if (!s.ok()) {
    Error e = s.error().Context("mount " + o.source);
    report_status(e);
    return Fail(e);
  }
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
  // For a supervising process (the CSI plugin): the failure's kind, machine-readable.
  cmd->add_option("--status-fd", o->status_fd)->group("");
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
  auto mo = ParseMountOptionList(filtered, sloppy);
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

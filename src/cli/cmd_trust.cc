// `attestfs trust show [--trusted-root FILE]`: the Sigstore trusted root keyless verification
// uses (its path and every log and authority with its validity window).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/trust_config.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "sigstore/trusted_root.h"

namespace attestfs::cli {
namespace {

int RunTrustShow(const app::TrustConfig& c) {
  auto path = app::TrustedRootPath(c);
  if (!path.ok()) return Fail(path.error());
  auto root = sigstore::TrustedRoot::LoadFile(*path);
  if (!root.ok()) return Fail(root.error());
  std::printf("trusted root %s\n%s", path->c_str(), root->Describe().c_str());
  return kExitOk;
}

}  // namespace

void RegisterTrust(CLI::App& app, int* rc) {
  auto c = std::make_shared<app::TrustConfig>();
  auto* trust = app.add_subcommand("trust", "show the trust material in effect");
  trust->require_subcommand(1);
  auto* show = trust->add_subcommand("show", "print the Sigstore trusted root keyless uses");
  show->add_option("--trusted-root", c->trusted_root, "a trusted_root.json instead of the default");
  show->callback([c, rc] { *rc = RunTrustShow(*c); });
}

}  // namespace attestfs::cli

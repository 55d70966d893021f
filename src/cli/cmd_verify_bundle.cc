// `attestfs verify-bundle --bundle B (--certificate-identity I --certificate-oidc-issuer U |
// --key K) [--trusted-root T] FILE|sha256:HEX`: one Sigstore bundle against an artefact, the
// Sigstore conformance client protocol. Exit 0 verified, 1 refused (naming the step), 2 usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/verify_bundle.h"
#include "base/clock.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "cli/trust_options.h"

namespace attestfs::cli {
namespace {

struct VerifyBundleOptions {
  app::VerifyBundleRequest request;
};

int RunVerifyBundle(const VerifyBundleOptions& o) {
  SystemClock clock;
  auto r = app::VerifySigstoreBundle(o.request, clock);
  if (!r.ok()) return Fail(r.error().Context("verify-bundle"));
  const auto& v = r->verified;
  if (v.sans.empty()) {
    std::printf("VERIFIED %s (key)\n", o.request.bundle_path.c_str());
  } else {
    std::printf("VERIFIED %s: %s (issuer %s)\n", o.request.bundle_path.c_str(), v.sans[0].c_str(),
                v.issuer.c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterVerifyBundle(CLI::App& app, int* rc) {
  auto o = std::make_shared<VerifyBundleOptions>();
  auto* cmd = app.add_subcommand(
      "verify-bundle", "verify a Sigstore bundle (keyless or managed key) against an artifact");
  cmd->add_option("--bundle", o->request.bundle_path, "the Sigstore bundle (JSON)")->required();
  cmd->add_option("--key", o->request.trust.keys, "managed key (PEM) instead of keyless");
  AddKeylessFlags(cmd, &o->request.trust);
  cmd->add_option("artifact", o->request.artifact, "the artifact file, or sha256:HEX")->required();
  cmd->callback([o, rc] { *rc = RunVerifyBundle(*o); });
}

}  // namespace attestfs::cli

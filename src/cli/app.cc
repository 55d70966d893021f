// The attestfs application: builds the CLI11 command tree and dispatches. Parse errors exit 2.
#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"

namespace attestfs::cli {

namespace {

int Dispatch(int argc, char** argv) {
  std::string self = argc > 0 ? argv[0] : "";
  if (self.size() >= 14 && self.substr(self.size() - 14) == "mount.attestfs")
    return MountHelperMain(argc, argv);
  CLI::App app{"attestfs: signed evidence for ML models, datasets, repos and images"};
  app.set_version_flag("--version", std::string("attestfs ") + kVersion);
  app.require_subcommand(1);
  int rc = kExitOk;
  RegisterKeygen(app, &rc);
  RegisterBom(app, &rc);
  RegisterEvidence(app, &rc);
  RegisterVerify(app, &rc);
  RegisterStore(app, &rc);
  RegisterMount(app, &rc);
  RegisterTrace(app, &rc);
  RegisterPush(app, &rc);
  RegisterPull(app, &rc);
  RegisterVerifyRef(app, &rc);
  RegisterDiscover(app, &rc);
  RegisterAttach(app, &rc);
  RegisterCopy(app, &rc);
  RegisterAdmission(app, &rc);
  RegisterCsi(app, &rc);
  RegisterVerifyBundle(app, &rc);
  RegisterSignBundle(app, &rc);
  RegisterTrust(app, &rc);
  RegisterPolicy(app, &rc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return rc;
}

}  // namespace

// The last resort: errors are values everywhere, but nothing a registry, a file or a flag holds
// may end the process with an uncaught exception (abort, exit 134, temporary files left behind).
// Unwinding runs every destructor (temporary pull directories, open transfers) before exit 3.
int Main(int argc, char** argv) {
  try {
    return Dispatch(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attestfs: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "attestfs: internal error: unknown exception\n");
  }
  return kExitRuntime;
}

}  // namespace attestfs::cli

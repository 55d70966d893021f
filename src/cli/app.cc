// The attestfs application: builds the CLI11 command tree and dispatches. Parse errors exit 2.
#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"

namespace attestfs::cli {

int Main(int argc, char** argv) {
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

}  // namespace attestfs::cli

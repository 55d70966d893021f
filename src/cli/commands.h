// Registration of the attestfs verbs. Each Register* adds one CLI11 subcommand whose callback
// runs the verb and stores its exit code in *rc. CLI11 stays out of this header.
#pragma once

namespace CLI {
class App;
}

namespace attestfs::cli {

void RegisterKeygen(CLI::App& app, int* rc);
void RegisterBom(CLI::App& app, int* rc);
void RegisterEvidence(CLI::App& app, int* rc);
void RegisterVerify(CLI::App& app, int* rc);
void RegisterStore(CLI::App& app, int* rc);
void RegisterMount(CLI::App& app, int* rc);
void RegisterTrace(CLI::App& app, int* rc);
void RegisterPush(CLI::App& app, int* rc);
void RegisterPull(CLI::App& app, int* rc);
void RegisterVerifyRef(CLI::App& app, int* rc);
void RegisterDiscover(CLI::App& app, int* rc);
void RegisterAttach(CLI::App& app, int* rc);
void RegisterCopy(CLI::App& app, int* rc);
void RegisterAdmission(CLI::App& app, int* rc);
void RegisterCsi(CLI::App& app, int* rc);
void RegisterVerifyBundle(CLI::App& app, int* rc);
void RegisterSignBundle(CLI::App& app, int* rc);
void RegisterTrust(CLI::App& app, int* rc);
void RegisterPolicy(CLI::App& app, int* rc);

// The mount(8) helper entry point (argv[0] is mount.attestfs); exit codes 0, 1 usage, 32 failure.
int MountHelperMain(int argc, char** argv);

}  // namespace attestfs::cli

// Registry flags shared by the registry verbs (--plain-http, --ca-file, --authfile, --username,
// --password-stdin) and the connection built from them. Secrets never come from arguments.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "base/progress_sink.h"
#include "base/result.h"

namespace CLI {
class App;
}
namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::cli {

struct RegistryFlags {
  bool plain_http = false;
  std::string ca_file, authfile, username;
  bool password_stdin = false;
  int timeout_seconds = 0;  // --timeout: caps every request (0: sized deadlines only)
  // Not a flag: set by verbs that stop on SIGINT/SIGTERM (cli::SignalCancellation).
  std::shared_ptr<const std::atomic<bool>> cancel;
  // Not a flag: where transfers report bytes (progress_options.h); must outlive the connection.
  ProgressSink* progress = nullptr;
};

void AddRegistryFlags(CLI::App* cmd, RegistryFlags* flags);
Result<std::unique_ptr<oci::RegistryConnection>> ConnectRegistry(const RegistryFlags& flags);

}  // namespace attestfs::cli

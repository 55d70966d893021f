// Registry flags -> oci::RegistryConnection.
#include "cli/registry_options.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "oci/registry_connection.h"

namespace attestfs::cli {

void AddRegistryFlags(CLI::App* cmd, RegistryFlags* f) {
  cmd->add_flag("--plain-http", f->plain_http, "allow plain HTTP (loopback test registries)");
  cmd->add_option("--ca-file", f->ca_file, "CA bundle for the registry's TLS certificate");
  cmd->add_option("--authfile", f->authfile,
                  "credentials file (containers auth.json / docker config.json)");
  cmd->add_option("--username", f->username, "registry user (password from --password-stdin)");
  cmd->add_flag("--password-stdin", f->password_stdin, "read the registry password from stdin");
  cmd->add_option("--timeout", f->timeout_seconds,
                  "give up on any one registry request after SECONDS (default: a deadline "
                  "scaled to its size; transfers under 1 KiB/s over 30 s always fail)")
      ->check(CLI::Range(1, 86400));
}

Result<std::unique_ptr<oci::RegistryConnection>> ConnectRegistry(const RegistryFlags& f) {
  oci::ConnectionOptions o;
  o.plain_http = f.plain_http;
  o.ca_file = f.ca_file;
  o.authfile = f.authfile;
  o.username = f.username;
  o.http.max_request_time = std::chrono::seconds(f.timeout_seconds);
  o.http.cancel = f.cancel;
  o.registry.progress = f.progress;
  if (f.password_stdin) {
    if (f.username.empty()) return Error(Errc::kUsage, "--password-stdin needs --username");
    std::getline(std::cin, o.password);
  }
  return std::make_unique<oci::RegistryConnection>(o);
}

}  // namespace attestfs::cli

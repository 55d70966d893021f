// --key / --ca-roots / --identity -> app::TrustConfig.
#include "cli/trust_options.h"

#include <CLI/CLI.hpp>

namespace attestfs::cli {

void AddTrustFlags(CLI::App* cmd, TrustFlags* f) {
  cmd->add_option("--key", f->keys, "trusted public key (PEM; repeatable)");
  cmd->add_option("--ca-roots", f->ca_roots, "trusted root certificates (PEM)");
  cmd->add_option(
      "--identity", f->identity,
      "required signer SAN: e-mail, URI or DNS name, leading/trailing * globs (with --ca-roots; "
      "without it any certificate that chains to the roots is trusted)");
}

}  // namespace attestfs::cli

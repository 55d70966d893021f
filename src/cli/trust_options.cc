// --key / --ca-roots / --identity, and the Sigstore keyless flags -> app::TrustConfig.
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
  AddKeylessFlags(cmd, f);
}

void AddKeylessFlags(CLI::App* cmd, TrustFlags* f) {
  cmd->add_option("--trusted-root", f->trusted_root,
                  "Sigstore trusted_root.json for keyless verification (default: the installed "
                  "public-good root)");
  cmd->add_option("--certificate-identity", f->certificate_identity,
                  "keyless: the signing certificate's SAN (URI or e-mail), exact");
  cmd->add_option("--certificate-identity-regexp", f->certificate_identity_regexp,
                  "keyless: the SAN as an RE2 regexp, anchored at both ends");
  cmd->add_option("--certificate-oidc-issuer", f->certificate_oidc_issuer,
                  "keyless: the OIDC issuer in the certificate (Fulcio extension), exact");
  cmd->add_option("--certificate-oidc-issuer-regexp", f->certificate_oidc_issuer_regexp,
                  "keyless: the OIDC issuer as an RE2 regexp, anchored at both ends");
}

}  // namespace attestfs::cli

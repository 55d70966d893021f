// Keyless signing flags -> app::PublishOptions::keyless.
#include "cli/keyless_signing_options.h"

#include <CLI/CLI.hpp>

#include "app/keyless_signing.h"

namespace attestfs::cli {

void AddKeylessSigningFlags(CLI::App* cmd, KeylessSigningFlags* f, const char* keyless_flag,
                            bool with_trusted_root) {
  cmd->add_flag(keyless_flag, f->keyless,
                "Sigstore keyless signing (-o bundle): ephemeral key, Fulcio certificate, Rekor "
                "entry, optional timestamp");
  cmd->add_option("--identity-token", f->identity_token,
                  "keyless: OIDC identity token (else --identity-token-file or SIGSTORE_ID_TOKEN)");
  cmd->add_option("--identity-token-file", f->identity_token_file, "keyless: file with the token");
  cmd->add_option("--fulcio-url", f->fulcio_url, "keyless: Fulcio base URL");
  cmd->add_option("--rekor-url", f->rekor_url, "keyless: Rekor (v1) base URL");
  cmd->add_option("--tsa-url", f->tsa_url, "keyless: RFC 3161 timestamp endpoint (optional)");
  cmd->add_option("--signing-config", f->signing_config,
                  "keyless: Sigstore signing_config.json v0.2 naming the services");
  if (!with_trusted_root) return;
  cmd->add_option("--trusted-root", f->trusted_root,
                  "keyless: trusted_root.json the new bundle must verify against (default: "
                  "installed)");
}

Result<std::optional<app::KeylessSigningRequest>> KeylessSigningRequestFrom(
    const KeylessSigningFlags& f) {
  if (!f.keyless) {
    if (!f.identity_token.empty() || !f.identity_token_file.empty() || !f.fulcio_url.empty() ||
        !f.rekor_url.empty() || !f.tsa_url.empty() || !f.signing_config.empty()) {
      return Error(Errc::kUsage,
                   "the keyless signing flags need --keyless (verify: --sign-keyless)");
    }
    return std::optional<app::KeylessSigningRequest>();
  }
  AFS_ASSIGN_OR_RETURN(std::string token,
                       app::IdentityToken(f.identity_token, f.identity_token_file));
  app::KeylessSigningRequest r;
  r.identity_token = std::move(token);
  r.fulcio_url = f.fulcio_url;
  r.rekor_url = f.rekor_url;
  r.tsa_url = f.tsa_url;
  r.signing_config = f.signing_config;
  r.trusted_root = f.trusted_root;
  return std::optional<app::KeylessSigningRequest>(std::move(r));
}

Status ApplyKeylessSigning(const KeylessSigningFlags& f, app::PublishOptions* po) {
  if (!f.keyless && !f.trusted_root.empty()) {
    return Error(Errc::kUsage, "--trusted-root (the keyless self-check) needs --keyless");
  }
  AFS_ASSIGN_OR_RETURN(po->keyless, KeylessSigningRequestFrom(f));
  return OkStatus();
}

}  // namespace attestfs::cli

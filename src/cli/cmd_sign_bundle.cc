// `attestfs sign-bundle (--identity-token T | --identity-token-file F | $SIGSTORE_ID_TOKEN)
// (--fulcio-url U --rekor-url U [--tsa-url U] | --signing-config F) [--trusted-root T]
// [--in-toto] --bundle OUT FILE`: Sigstore keyless signing of a file (message signature) or,
// with --in-toto, of an in-toto statement file (DSSE), written as a bundle v0.3 only after it
// verified. The Sigstore conformance client's signer. Exit 0 signed, 2 usage, 3 service errors.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/keyless_signing.h"
#include "base/clock.h"
#include "base/file_io.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "oci/http/curl_http_client.h"

namespace attestfs::cli {
namespace {

struct SignBundleOptions {
  app::KeylessSigningRequest request;
  std::string token_file;
  std::string bundle;
  std::string file;
  std::string ca_file;
  bool in_toto = false;
};

// Statements are documents: the same limit as envelopes and bundles.
constexpr uint64_t kMaxSignedFileBytes = 256ull << 20;

int RunSignBundle(SignBundleOptions o) {
  auto token = app::IdentityToken(o.request.identity_token, o.token_file);
  if (!token.ok()) return Fail(token.error());
  o.request.identity_token = *token;
  auto bytes = ReadFileLimited(o.file, kMaxSignedFileBytes);
  if (!bytes.ok()) return Fail(bytes.error().Context("read " + o.file));
  app::KeylessContent content;
  if (o.in_toto) {
    content.payload_type = "application/vnd.in-toto+json";
    content.payload = std::move(bytes).value();
  } else {
    content.artifact = std::move(bytes).value();
  }
  oci::http::HttpClientOptions http_opts;
  http_opts.ca_file = o.ca_file;
  oci::http::CurlHttpClient http(http_opts);
  SystemClock clock;
  auto r = app::SignKeyless(o.request, content, http, clock);
  if (!r.ok()) return Fail(r.error().Context("sign-bundle"));
  if (Status st = WriteFileAtomic(o.bundle, r->bundle_json); !st.ok()) return Fail(st.error());
  std::printf("signed %s as %s (issuer %s): %s\n", o.file.c_str(), r->identity.c_str(),
              r->issuer.c_str(), o.bundle.c_str());
  return kExitOk;
}

}  // namespace

void RegisterSignBundle(CLI::App& app, int* rc) {
  auto o = std::make_shared<SignBundleOptions>();
  auto* cmd = app.add_subcommand("sign-bundle", "Sigstore keyless signing into a bundle");
  cmd->add_option("--identity-token", o->request.identity_token,
                  "OIDC identity token (else --identity-token-file or SIGSTORE_ID_TOKEN)");
  cmd->add_option("--identity-token-file", o->token_file, "file holding the identity token");
  cmd->add_option("--fulcio-url", o->request.fulcio_url, "Fulcio base URL");
  cmd->add_option("--rekor-url", o->request.rekor_url, "Rekor (v1) base URL");
  cmd->add_option("--tsa-url", o->request.tsa_url, "RFC 3161 timestamp endpoint URL (optional)");
  cmd->add_option("--signing-config", o->request.signing_config,
                  "Sigstore signing_config.json v0.2 naming the services");
  cmd->add_option("--trusted-root", o->request.trusted_root,
                  "trusted_root.json the new bundle must verify against (default: installed)");
  cmd->add_option("--ca-file", o->ca_file, "PEM bundle of TLS roots for the services");
  cmd->add_flag("--in-toto", o->in_toto, "FILE is an in-toto statement: sign it as DSSE");
  cmd->add_option("--bundle", o->bundle, "output bundle path")->required();
  cmd->add_option("file", o->file, "the file to sign")->required();
  cmd->callback([o, rc] { *rc = RunSignBundle(*o); });
}

}  // namespace attestfs::cli

// Keyless signing flags shared by every verb that signs (bom, evidence, push, trace sign):
// --keyless with --identity-token / --identity-token-file / SIGSTORE_ID_TOKEN, --fulcio-url,
// --rekor-url, --tsa-url or --signing-config, and --trusted-root (the self-check). The services'
// TLS roots are the system store's.
#pragma once

#include <optional>
#include <string>

#include "app/evidence_publisher.h"
#include "base/result.h"

namespace CLI {
class App;
}

namespace attestfs::cli {

struct KeylessSigningFlags {
  bool keyless = false;
  std::string identity_token;
  std::string identity_token_file;
  std::string fulcio_url;
  std::string rekor_url;
  std::string tsa_url;
  std::string signing_config;
  std::string trusted_root;
};

// `keyless_flag` names the switch (--keyless, or verify's --sign-keyless); verify takes its
// --trusted-root from the trust flags, so `with_trusted_root` is false there.
void AddKeylessSigningFlags(CLI::App* cmd, KeylessSigningFlags* flags,
                            const char* keyless_flag = "--keyless", bool with_trusted_root = true);

// With the switch, the signing request (the token resolved now: kUsage when there is none);
// nullopt without it; service flags without the switch are a usage error.
Result<std::optional<app::KeylessSigningRequest>> KeylessSigningRequestFrom(
    const KeylessSigningFlags& flags);
// KeylessSigningRequestFrom into options->keyless.
Status ApplyKeylessSigning(const KeylessSigningFlags& flags, app::PublishOptions* options);

}  // namespace attestfs::cli

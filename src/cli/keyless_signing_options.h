// Keyless signing flags shared by every verb that signs (bom, evidence, push, trace sign):
// --keyless with --identity-token / --identity-token-file / SIGSTORE_ID_TOKEN, --fulcio-url,
// --rekor-url, --tsa-url or --signing-config, and --trusted-root (the self-check). The services'
// TLS roots are the system store's.
#pragma once

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

void AddKeylessSigningFlags(CLI::App* cmd, KeylessSigningFlags* flags);

// With --keyless, fills options->keyless (the token resolved now: kUsage when there is none);
// service flags without --keyless are a usage error.
Status ApplyKeylessSigning(const KeylessSigningFlags& flags, app::PublishOptions* options);

}  // namespace attestfs::cli

// SignKeyless: Sigstore keyless signing of an artefact (message signature) or an in-toto
// statement (DSSE): an ephemeral P-256 key that never leaves memory, a Fulcio v2 certificate for
// the identity token (proof of possession over its subject), a Rekor v1 entry (hashedrekord
// 0.0.1 or intoto 0.0.2) with SET, inclusion proof and checkpoint, an optional RFC 3161
// timestamp, assembled into a bundle v0.3 that is then verified as any bundle is (against the
// given trusted root, for the identity and issuer the certificate names) before it is returned.
// Service failures are kNetwork/kUnauthorized naming the service and HTTP status (exit 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "oci/http/http_client.h"

namespace attestfs::app {

struct KeylessSigningRequest {
  std::string identity_token;  // an OIDC JWT (flag, file or SIGSTORE_ID_TOKEN)
  std::string fulcio_url;      // service base URLs; a signing_config.json fills the empty ones
  std::string rekor_url;
  std::string tsa_url;         // full URL of the timestamp endpoint; empty: no timestamp
  std::string signing_config;  // signing_config.json v0.2 (optional)
  std::string trusted_root;    // for the self-check (empty: the installed default)
};

struct KeylessContent {
  std::optional<std::string> artifact;  // message signature over these bytes
  std::string payload_type;             // DSSE when artifact is unset
  std::string payload;
};

struct KeylessSigningResult {
  std::string bundle_json;
  std::string identity;  // the certificate's SAN
  std::string issuer;
};

Result<KeylessSigningResult> SignKeyless(const KeylessSigningRequest& request,
                                         const KeylessContent& content, oci::http::HttpClient& http,
                                         const Clock& clock);

// The identity token: `flag` when given, else the file `token_file`, else SIGSTORE_ID_TOKEN;
// kUsage when none.
Result<std::string> IdentityToken(const std::string& flag, const std::string& token_file);

}  // namespace attestfs::app

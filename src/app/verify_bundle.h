// VerifySigstoreBundle: the use case behind `attestfs verify-bundle` (and the Sigstore
// conformance client): one Sigstore bundle (message signature or DSSE) against an artefact —
// a file, or `sha256:HEX` — with keyless trust (trusted root + certificate identity and issuer)
// or a managed key (--key, with the trusted root for the transparency log).
#pragma once

#include <string>

#include "app/trust_config.h"
#include "base/clock.h"
#include "base/result.h"
#include "sigstore/bundle_verifier.h"

namespace attestfs::app {

struct VerifyBundleRequest {
  std::string bundle_path;
  std::string artifact;  // a file path, or "sha256:" + 64 hex digits when no such file exists
  TrustConfig trust;     // keyless identity flags, or exactly one key; trusted_root optional
};

struct VerifyBundleResult {
  sigstore::VerifiedBundle verified;
  std::string trusted_root_path;
};

Result<VerifyBundleResult> VerifySigstoreBundle(const VerifyBundleRequest& request,
                                                const Clock& clock);

}  // namespace attestfs::app

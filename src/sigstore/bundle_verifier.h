// BundleVerifier: the whole offline check of a Sigstore bundle, in sigstore-go's order —
// signature over the artefact (or DSSE PAE), transparency-log entries (body matches, SET,
// inclusion proof, checkpoint), RFC 3161 timestamps, then for certificates: every verified time
// inside the leaf's validity, the chain to a Fulcio CA at each of those times (not now), an SCT
// from a trusted CT log, and the expected identity. Managed-key bundles skip the certificate
// steps. Every error names the step that failed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "sigstore/bundle.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

// The artefact a message signature (or a DSSE statement's subject) must be about: its bytes,
// or only its SHA-256. Both empty: no artefact check (DSSE only; the caller binds the payload).
struct Artifact {
  std::optional<std::string> bytes;
  std::optional<std::string> sha256;  // raw 32 bytes
};

struct VerifyOptions {
  const TrustedRoot* root = nullptr;
  const CertificateIdentity* identity = nullptr;  // keyless: required
  std::optional<std::string> public_key_der;      // managed key (SPKI); replaces identity
  int64_t now = 0;
};

struct VerifiedBundle {
  std::vector<std::string> sans;
  std::string issuer;   // OIDC issuer (keyless)
  std::string subject;  // leaf subject (keyless)
  std::string key_der;  // the key that verified (SPKI)
  std::vector<int64_t> verified_times;
};

Result<VerifiedBundle> VerifyBundle(const Bundle& bundle, const Artifact& artifact,
                                    const VerifyOptions& options);

}  // namespace attestfs::sigstore

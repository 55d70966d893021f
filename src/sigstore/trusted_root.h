// TrustedRoot: a Sigstore trusted_root.json (media type
// application/vnd.dev.sigstore.trustedroot+json;version=0.1): the Fulcio certificate
// authorities, Rekor transparency logs, CT logs and RFC 3161 timestamp authorities a verifier
// trusts, each with its validity window. Parsed strictly: every log and authority needs
// validFor.start; key ids are recomputed checks, not trusted labels.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sigstore/time_window.h"

namespace attestfs::sigstore {

// The largest trusted_root.json read (the public-good one is about 7 KiB).
inline constexpr uint64_t kMaxTrustedRootBytes = 1u << 20;

// A Rekor log or a CT log: a public key (DER SPKI) named by its log id.
struct TransparencyLog {
  std::string base_url;
  std::string key_details;  // e.g. PKIX_ECDSA_P256_SHA_256, PKIX_ED25519
  std::string public_key_der;
  std::string log_id;  // raw bytes (SHA-256 of the SPKI for ECDSA logs)
  TimeWindow valid_for;
};

// A Fulcio CA or a TSA: a certificate chain (DER), issuing certificate first, root last.
struct CertificateAuthority {
  std::string uri;
  std::string subject;  // "O=sigstore.dev, CN=sigstore" as written in the root
  std::vector<std::string> chain_der;
  TimeWindow valid_for;
};

struct TrustedRoot {
  std::vector<TransparencyLog> tlogs;
  std::vector<CertificateAuthority> certificate_authorities;
  std::vector<TransparencyLog> ctlogs;
  std::vector<CertificateAuthority> timestamp_authorities;

  static Result<TrustedRoot> Parse(std::string_view json);
  static Result<TrustedRoot> LoadFile(const std::string& path);

  // The Rekor log / CT log with this log id, or nullptr.
  const TransparencyLog* FindTlog(std::string_view log_id) const;
  const TransparencyLog* FindCtlog(std::string_view log_id) const;
  // One line per log and authority, for `attestfs trust show`.
  std::string Describe() const;
};

}  // namespace attestfs::sigstore

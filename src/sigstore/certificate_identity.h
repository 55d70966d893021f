// CertificateIdentity: who a keyless signature must come from, with cosign's flag semantics —
// the certificate's SAN (URI, e-mail, Fulcio otherName) and its OIDC issuer, each matched
// exactly or by an RE2 regular expression anchored at both ends (as Go's regexp in cosign).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace attestfs::sigstore {

struct IdentitySpec {
  std::string san;            // --certificate-identity
  std::string san_regexp;     // --certificate-identity-regexp
  std::string issuer;         // --certificate-oidc-issuer
  std::string issuer_regexp;  // --certificate-oidc-issuer-regexp
  bool Empty() const {
    return san.empty() && san_regexp.empty() && issuer.empty() && issuer_regexp.empty();
  }
};

class CertificateIdentity {
 public:
  ~CertificateIdentity();
  CertificateIdentity(CertificateIdentity&&) noexcept;
  CertificateIdentity& operator=(CertificateIdentity&&) noexcept;

  // kUsage unless exactly one SAN form and one issuer form are given, or a regexp won't compile.
  static Result<CertificateIdentity> Create(const IdentitySpec& spec);

  // kVerificationFailed: `certificate identity "x" does not match "y"` (or the issuer's).
  Status Match(const std::vector<std::string>& sans, const std::string& issuer) const;
  const IdentitySpec& spec() const;

 private:
  struct Impl;
  explicit CertificateIdentity(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::sigstore

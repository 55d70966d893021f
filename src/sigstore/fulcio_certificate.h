// FulcioCertificate: a signing certificate (pImpl over X509) with what keyless verification reads
// from it — validity, key, SANs (URI, e-mail, and Fulcio's otherName 1.3.6.1.4.1.57264.1.7),
// the OIDC issuer from Fulcio's extensions (1.3.6.1.4.1.57264.1.8, a DER UTF8String, else the
// older raw 1.3.6.1.4.1.57264.1.1) — and the chain check to a Fulcio CA at a given time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

class FulcioCertificate {
 public:
  ~FulcioCertificate();
  FulcioCertificate(FulcioCertificate&&) noexcept;
  FulcioCertificate& operator=(FulcioCertificate&&) noexcept;

  static Result<FulcioCertificate> FromDer(std::string_view der);

  const std::string& Der() const;
  std::string PublicKeyDer() const;  // SPKI
  int64_t NotBefore() const;
  int64_t NotAfter() const;
  bool IsCa() const;  // basicConstraints CA:TRUE or self-signed
  std::vector<std::string> Sans() const;
  std::string OidcIssuer() const;  // empty when the certificate has neither extension
  std::string Subject() const;

  // Verifies this leaf -> the CA's chain (issuing certificate first, root last) with every
  // certificate checked at `at_unix`, and that the CA's validFor covers it. Returns the DER of
  // the issuing certificate (for the SCT check).
  Result<std::string> VerifyChain(const CertificateAuthority& ca, int64_t at_unix) const;

 private:
  struct Impl;
  explicit FulcioCertificate(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::sigstore

// CertificateChain: X.509 certificates (leaf first) for keyless-style / PKI signing.
// Verifies the chain up to trusted roots, checks that the leaf may sign code and matches the
// leaf's SANs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/public_key.h"

namespace attestfs::keys {

// The largest PEM file of certificates read or parsed: a chain, or a roots bundle (a system CA
// file is about 200 KiB). The one limit for --ca-roots, a policy's ca-roots and LoadFile.
inline constexpr uint64_t kMaxPemBundleBytes = 4ull << 20;

class CertificateChain {
 public:
  ~CertificateChain();
  CertificateChain(CertificateChain&&) noexcept;
  CertificateChain& operator=(CertificateChain&&) noexcept;

  // One or more PEM certificates, leaf first.
  static Result<CertificateChain> FromPem(std::string_view pem);
  static Result<CertificateChain> LoadFile(const std::string& path);
  // DER certificates, leaf first (as in a Sigstore bundle's x509CertificateChain).
  static Result<CertificateChain> FromDer(const std::vector<std::string>& ders);

  std::vector<std::string> ToDer() const;
  PublicKey LeafPublicKey() const;
  std::string LeafSubject() const;            // RFC 2253, e.g. "CN=release,O=Example"
  std::vector<std::string> LeafSans() const;  // email, URI and DNS SANs as text
  std::string LeafIssuer() const;
  // The leaf's validity window in seconds since the epoch (notBefore, notAfter).
  int64_t LeafNotBefore() const;
  int64_t LeafNotAfter() const;
  // kInvalidArgument "certificate S is not valid at T (expired | not yet valid): it is valid
  // from A to B" when at_unix lies outside the leaf's window (a signer's own check: verifiers
  // check the whole chain in VerifyTo).
  Status CheckLeafValidAt(int64_t at_unix) const;

  // Verifies leaf -> intermediates -> one of the roots (PEM bundle of root certs) at the
  // current time (or at `at_unix` when non-zero), then CheckLeafSigningPurpose. Returns
  // kVerificationFailed with OpenSSL's reason.
  Status VerifyTo(std::string_view roots_pem, int64_t at_unix = 0) const;
  // The leaf may sign code (RFC 5280 4.2.1.3, 4.2.1.12): an extendedKeyUsage extension, when
  // present, lists codeSigning (anyExtendedKeyUsage is not enough); a keyUsage extension, when
  // present, has digitalSignature. kVerificationFailed naming what is missing.
  Status CheckLeafSigningPurpose() const;
  // True when `identity` matches one of the leaf's SANs (e-mail, URI, DNS) as a kIdentityGlob
  // (base/glob.h): exact, except that a leading and/or trailing '*' matches any run. The subject DN
  // and CN are never matched: anyone the CA certifies may choose their OU or CN text; a policy's
  // explicit `subject:` matches those.
  bool MatchesIdentity(std::string_view identity) const;

 private:
  struct Impl;
  explicit CertificateChain(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::keys

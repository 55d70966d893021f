// PublicKey: RAII over an OpenSSL EVP_PKEY (pImpl; no OpenSSL types in this header).
// Loads SPKI PEM/DER, verifies signatures for its KeyType, computes key ids.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "keys/key_type.h"

namespace attestfs::keys {

class PublicKey {
 public:
  ~PublicKey();
  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;
  PublicKey(const PublicKey&);
  PublicKey& operator=(const PublicKey&);

  static Result<PublicKey> FromPem(std::string_view pem);  // "BEGIN PUBLIC KEY"
  static Result<PublicKey> FromDer(std::string_view spki_der);
  static Result<PublicKey> LoadFile(const std::string& path);  // size-limited read + FromPem

  KeyType type() const;
  std::string ToPem() const;
  std::string ToDer() const;  // DER SubjectPublicKeyInfo
  // Key id as sigstore's RFC 6962 style hint: base64(SHA-256(DER SPKI)). Used as DSSE keyid
  // and bundle publicKey.hint.
  std::string KeyId() const;
  // Verifies `signature` over `message` with the scheme of type() (see KeyType); with
  // `ecdsa_sha256` an ECDSA key hashes with SHA-256 whatever its curve (model_signing v0.2.0).
  // Returns kVerificationFailed on a bad signature.
  Status Verify(std::string_view message, std::string_view signature,
                bool ecdsa_sha256 = false) const;

  struct Impl;
  explicit PublicKey(std::unique_ptr<Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::keys

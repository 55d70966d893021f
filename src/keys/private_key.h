// PrivateKey: RAII over an OpenSSL EVP_PKEY (pImpl). Generates keys, reads and writes
// PKCS#8 PEM (encrypted with AES-256-CBC/scrypt or PBKDF2 when a password is given), signs.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "keys/key_type.h"
#include "keys/public_key.h"

namespace attestfs::keys {

class PrivateKey {
 public:
  ~PrivateKey();
  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;

  static Result<PrivateKey> Generate(KeyType type);
  // PKCS#8 ("BEGIN PRIVATE KEY" / "BEGIN ENCRYPTED PRIVATE KEY"), also SEC1/PKCS#1 PEM.
  // An encrypted key without a password, or with a wrong one, gives kInvalidArgument naming that.
  static Result<PrivateKey> FromPem(std::string_view pem, const std::optional<std::string>& password);
  static Result<PrivateKey> LoadFile(const std::string& path, const std::optional<std::string>& password);

  KeyType type() const;
  Result<std::string> ToPem(const std::optional<std::string>& password) const;
  PublicKey Public() const;
  // Signs with the scheme of type(): ECDSA DER (SHA-256 / SHA-384), Ed25519 raw, RSA-PSS SHA-256.
  Result<std::string> Sign(std::string_view message) const;

 private:
  struct Impl;
  explicit PrivateKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::keys

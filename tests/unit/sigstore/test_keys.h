// Test-only keys for the sigstore unit tests: generate ECDSA P-256 / Ed25519 keys with OpenSSL,
// export the DER SPKI, and sign (SHA-256 for ECDSA, pure for Ed25519), so every vector is made
// in the test.
#pragma once

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace attestfs::sigstore::testing {

struct TestKey {
  std::shared_ptr<EVP_PKEY> key;

  static TestKey Ecdsa() {
    return TestKey{std::shared_ptr<EVP_PKEY>(EVP_EC_gen("P-256"), EVP_PKEY_free)};
  }
  static TestKey Ed25519() {
    return TestKey{
        std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free)};
  }
  std::string SpkiDer() const {
    unsigned char* out = nullptr;
    int len = i2d_PUBKEY(key.get(), &out);
    if (len <= 0) throw std::runtime_error("i2d_PUBKEY");
    std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(len));
    OPENSSL_free(out);
    return der;
  }
  std::string Sign(const std::string& msg) const {
    bool ed = EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestSignInit(ctx.get(), nullptr, ed ? nullptr : EVP_sha256(), nullptr, key.get()) !=
        1)
      throw std::runtime_error("sign init");
    size_t len = 0;
    EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(msg.data()),
                   msg.size());
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1)
      throw std::runtime_error("sign");
    sig.resize(len);
    return sig;
  }
};

inline std::string Sha256Raw(const std::string& data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

}  // namespace attestfs::sigstore::testing

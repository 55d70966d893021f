// EVP_DigestVerify / EVP_PKEY_verify over an SPKI, the hash chosen by the key type.
#include "sigstore/signature_check.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace attestfs::sigstore {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Result<Pkey> LoadSpki(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!key) return Error(Errc::kMalformed, "public key does not parse");
  return key;
}

// The digest for the key, or null for Ed25519 (no prehash).
const EVP_MD* HashFor(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      return nullptr;
    case EVP_PKEY_EC: {
      int bits = EVP_PKEY_get_bits(key);
      if (bits > 384) return EVP_sha512();
      if (bits > 256) return EVP_sha384();
      return EVP_sha256();
    }
    default:
      return EVP_sha256();
  }
}

}  // namespace

Status VerifySpkiSignature(std::string_view spki_der, std::string_view message,
                           std::string_view signature) {
  AFS_ASSIGN_OR_RETURN(Pkey key, LoadSpki(spki_der));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, HashFor(key.get()), nullptr, key.get()) != 1) {
    return Error(Errc::kUnsupported, "key type cannot verify");
  }
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  if (rc != 1) return Error(Errc::kVerificationFailed, "signature does not verify");
  return OkStatus();
}

Status VerifySpkiPrehashed(std::string_view spki_der, std::string_view sha256_digest,
                           std::string_view signature) {
  AFS_ASSIGN_OR_RETURN(Pkey key, LoadSpki(spki_der));
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519) {
    return Error(Errc::kUnsupported, "an Ed25519 signature cannot be checked against a digest");
  }
  if (HashFor(key.get()) != EVP_sha256() || sha256_digest.size() != 32) {
    return Error(Errc::kVerificationFailed, "the key does not sign SHA-256 digests");
  }
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new(key.get(), nullptr), EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) {
    return Error(Errc::kUnsupported, "key type cannot verify a digest");
  }
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
    EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
  }
  int rc = EVP_PKEY_verify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(sha256_digest.data()), sha256_digest.size());
  if (rc != 1) return Error(Errc::kVerificationFailed, "signature does not verify");
  return OkStatus();
}

}  // namespace attestfs::sigstore

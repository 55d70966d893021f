// Signature schemes per KeyType via EVP_DigestSign/EVP_DigestVerify (one-shot, OpenSSL 3 EVP only).
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

#include "keys/openssl_handles.h"

namespace attestfs::keys {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// Digest name for the scheme; nullptr for Ed25519 (pure EdDSA hashes internally).
const char* DigestName(KeyType type) {
  switch (type) {
    case KeyType::kEcdsaP256:
      return "SHA256";
    case KeyType::kEcdsaP384:
      return "SHA384";
    case KeyType::kEd25519:
      return nullptr;
    case KeyType::kRsa3072:
      return "SHA256";
  }
  return nullptr;
}

// RSA: PSS padding, MGF1 with the signing digest (OpenSSL default), salt = digest length.
bool ConfigurePss(EVP_PKEY_CTX* pctx, KeyType type) {
  if (type != KeyType::kRsa3072) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) == 1;
}

const unsigned char* Bytes(std::string_view s) {
  static constexpr unsigned char kEmpty[1] = {0};  // a non-null pointer for empty views
  return s.data() != nullptr ? reinterpret_cast<const unsigned char*>(s.data()) : kEmpty;
}

}  // namespace

Result<std::string> SignWithScheme(evp_pkey_st* pkey, KeyType type, std::string_view message) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return Error(Errc::kInternal, "EVP_MD_CTX_new failed");
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit_ex(ctx.get(), &pctx, DigestName(type), nullptr, nullptr, pkey, nullptr) !=
          1 ||
      !ConfigurePss(pctx, type)) {
    return Error(Errc::kInternal, "sign init: " + OpenSslErrors());
  }
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, Bytes(message), message.size()) != 1) {
    return Error(Errc::kInternal, "sign (size): " + OpenSslErrors());
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, Bytes(message),
                     message.size()) != 1) {
    return Error(Errc::kInternal, "sign: " + OpenSslErrors());
  }
  sig.resize(len);  // ECDSA DER signatures vary in length
  return sig;
}

Status VerifyWithScheme(evp_pkey_st* pkey, KeyType type, std::string_view message,
                        std::string_view signature, bool ecdsa_sha256) {
  const bool ecdsa = type == KeyType::kEcdsaP256 || type == KeyType::kEcdsaP384;
  const char* digest = ecdsa && ecdsa_sha256 ? "SHA256" : DigestName(type);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return Error(Errc::kInternal, "EVP_MD_CTX_new failed");
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr, pkey, nullptr) != 1 ||
      !ConfigurePss(pctx, type)) {
    return Error(Errc::kInternal, "verify init: " + OpenSslErrors());
  }
  int rc = EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(message),
                            message.size());
  OpenSslErrors();  // a bad signature leaves decoding errors on the queue; do not leak them
  if (rc != 1) {
    return Error(Errc::kVerificationFailed,
                 std::string("signature does not verify (") + std::string(KeyTypeName(type)) + ")");
  }
  return OkStatus();
}

}  // namespace attestfs::keys

// Deleters, error-queue draining and key-type detection shared by the keys/ .cc files.
#include "keys/openssl_handles.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string_view>

namespace attestfs::keys {

void PkeyDeleter::operator()(evp_pkey_st* p) const { EVP_PKEY_free(p); }
void X509Deleter::operator()(x509_st* p) const { X509_free(p); }

std::string OpenSslErrors() {
  std::string out;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

int NoPasswordCallback(char*, int, int, void*) { return -1; }

Result<KeyType> DetectKeyType(const evp_pkey_st* pkey) {
  if (pkey == nullptr) return Error(Errc::kInternal, "null key");
  if (EVP_PKEY_is_a(pkey, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    int bits = EVP_PKEY_get_bits(pkey);
    if (bits < kMinRsaBits) {
      return Error(Errc::kUnsupported, "RSA key of " + std::to_string(bits) +
                                           " bits is below the minimum of " +
                                           std::to_string(kMinRsaBits));
    }
    return KeyType::kRsa3072;
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64] = {0};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &len) != 1) {
      ERR_clear_error();
      return Error(Errc::kUnsupported, "EC key without a named curve");
    }
    std::string_view g(group, len);
    if (g == "prime256v1" || g == "P-256") return KeyType::kEcdsaP256;
    if (g == "secp384r1" || g == "P-384") return KeyType::kEcdsaP384;
    return Error(Errc::kUnsupported, "unsupported EC curve " + std::string(g));
  }
  const char* name = EVP_PKEY_get0_type_name(pkey);
  return Error(Errc::kUnsupported,
               std::string("unsupported key algorithm ") + (name != nullptr ? name : "unknown"));
}

PublicKey MakePublicKey(evp_pkey_st* pkey, KeyType type) {
  EVP_PKEY_up_ref(pkey);
  auto impl = std::make_unique<PublicKey::Impl>();
  impl->pkey.reset(pkey);
  impl->type = type;
  return PublicKey(std::move(impl));
}

}  // namespace attestfs::keys

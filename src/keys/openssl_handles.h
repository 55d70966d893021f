// Internal to keys/: RAII owners for OpenSSL objects and the shared PublicKey::Impl.
// OpenSSL structs are only forward-declared here, so this header pulls in no OpenSSL headers;
// the deleters are defined in openssl_handles.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "keys/key_type.h"
#include "keys/public_key.h"

struct evp_pkey_st;
struct x509_st;

namespace attestfs::keys {

struct PkeyDeleter {
  void operator()(evp_pkey_st* p) const;
};
struct X509Deleter {
  void operator()(x509_st* p) const;
};
using PkeyPtr = std::unique_ptr<evp_pkey_st, PkeyDeleter>;
using X509Ptr = std::unique_ptr<x509_st, X509Deleter>;

struct PublicKey::Impl {
  PkeyPtr pkey;
  KeyType type = KeyType::kEcdsaP256;
};

// Drains OpenSSL's thread-local error queue into one "; "-joined string ("" when empty).
std::string OpenSslErrors();

// pem_password_cb that never prompts: untrusted PEM with "Proc-Type: 4,ENCRYPTED" headers
// must not make OpenSSL read a password from the terminal.
int NoPasswordCallback(char* buf, int size, int rwflag, void* userdata);

// Maps an EVP_PKEY to the scheme we use for it; kUnsupported for other curves/algorithms
// and for RSA keys shorter than kMinRsaBits.
inline constexpr int kMinRsaBits = 2048;
Result<KeyType> DetectKeyType(const evp_pkey_st* pkey);

// The one place that knows each KeyType's signature scheme (signature_scheme.cc):
// ECDSA DER with SHA-256 (P-256) / SHA-384 (P-384), Ed25519 pure (no digest), and
// RSASSA-PSS with SHA-256, MGF1-SHA-256 and salt length = digest length.
Result<std::string> SignWithScheme(evp_pkey_st* pkey, KeyType type, std::string_view message);
// kVerificationFailed when the signature does not verify.
// ecdsa_sha256: ECDSA keys hash with SHA-256 whatever the curve (model_signing v0.2.0).
Status VerifyWithScheme(evp_pkey_st* pkey, KeyType type, std::string_view message,
                        std::string_view signature, bool ecdsa_sha256 = false);

// Takes a new reference to `pkey` (EVP_PKEY_up_ref) and wraps it as a PublicKey of `type`.
PublicKey MakePublicKey(evp_pkey_st* pkey, KeyType type);

}  // namespace attestfs::keys

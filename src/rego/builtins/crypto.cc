// Crypto builtins over OpenSSL: crypto.md5/sha1/sha256 (hex digests of a string),
// crypto.hmac.md5/sha1/sha256/sha512 and crypto.hmac.equal (constant-time comparison).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += "0123456789abcdef"[p[i] >> 4];
    out += "0123456789abcdef"[p[i] & 15];
  }
  return out;
}

void Digest(BuiltinRegistry& r, const char* name, const EVP_MD* (*md)()) {
  Def(r, name, 1, [name, md](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType(name, 1, "string", a[0]);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const std::string& s = a[0].string();
    if (EVP_Digest(s.data(), s.size(), out, &n, md(), nullptr) != 1)
      return Fail(name, "digest failed");
    return Str(Hex(out, n));
  });
}

void Hmac(BuiltinRegistry& r, const char* name, const EVP_MD* (*md)()) {
  Def(r, name, 2, [name, md](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType(name, 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType(name, 2, "string", a[1]);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const std::string &msg = a[0].string(), &key = a[1].string();
    if (!HMAC(md(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &n))
      return Fail(name, "hmac failed");
    return Str(Hex(out, n));
  });
}

}  // namespace

void AddCryptoBuiltins(BuiltinRegistry& r) {
  Digest(r, "crypto.md5", EVP_md5);
  Digest(r, "crypto.sha1", EVP_sha1);
  Digest(r, "crypto.sha256", EVP_sha256);
  Hmac(r, "crypto.hmac.md5", EVP_md5);
  Hmac(r, "crypto.hmac.sha1", EVP_sha1);
  Hmac(r, "crypto.hmac.sha256", EVP_sha256);
  Hmac(r, "crypto.hmac.sha512", EVP_sha512);
  Def(r, "crypto.hmac.equal", 2, [](BuiltinContext&, const Args& a) -> BuiltinResult {
    if (!a[0].is_string()) return OperandType("crypto.hmac.equal", 1, "string", a[0]);
    if (!a[1].is_string()) return OperandType("crypto.hmac.equal", 2, "string", a[1]);
    const std::string &x = a[0].string(), &y = a[1].string();
    return Bool(x.size() == y.size() && CRYPTO_memcmp(x.data(), y.data(), x.size()) == 0);
  });
}

}  // namespace attestfs::rego::builtins

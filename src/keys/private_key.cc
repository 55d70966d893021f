// PrivateKey: generation (EVP_PKEY_Q_keygen), PKCS#8 PEM read/write (AES-256-CBC when a
// password is given), and signing through the shared scheme table.
#include "keys/private_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

#include "base/file_io.h"
#include "keys/openssl_handles.h"

namespace attestfs::keys {
namespace {

// An RSA-4096 PKCS#8 PEM is ~3.3 KiB; a key file past this limit is not a key.
constexpr uint64_t kMaxPrivateKeyFileBytes = 64 << 10;
constexpr size_t kRsaBits = 3072;

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// Password callback state: never prompts on a terminal (OpenSSL's default would).
struct PasswordState {
  const std::optional<std::string>* password;
  bool asked = false;
};

int PasswordCallback(char* buf, int size, int /*rwflag*/, void* u) {
  auto* st = static_cast<PasswordState*>(u);
  st->asked = true;
  if (st->password == nullptr || !st->password->has_value()) return -1;
  const std::string& pw = **st->password;
  if (pw.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buf, pw.data(), pw.size());
  return static_cast<int>(pw.size());
}

bool LooksEncrypted(std::string_view pem) {
  return pem.find("ENCRYPTED PRIVATE KEY") != std::string_view::npos ||
         pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

}  // namespace

struct PrivateKey::Impl {
  PkeyPtr pkey;
  KeyType type = KeyType::kEcdsaP256;
};

PrivateKey::PrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;

Result<PrivateKey> PrivateKey::Generate(KeyType type) {
  EVP_PKEY* raw = nullptr;
  switch (type) {
    case KeyType::kEcdsaP256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyType::kEcdsaP384:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyType::kEd25519:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    case KeyType::kRsa3072:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", kRsaBits);
      break;
  }
  if (raw == nullptr) {
    return Error(Errc::kInternal,
                 "generate " + std::string(KeyTypeName(type)) + " key: " + OpenSslErrors());
  }
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(raw);
  impl->type = type;
  return PrivateKey(std::move(impl));
}

Result<PrivateKey> PrivateKey::FromPem(std::string_view pem,
                                       const std::optional<std::string>& password) {
  if (pem.size() > kMaxPrivateKeyFileBytes)
    return Error(Errc::kTooLarge, "private key PEM too large");
  bool encrypted = LooksEncrypted(pem);
  if (encrypted && !password.has_value()) {
    return Error(Errc::kInvalidArgument, "private key is encrypted: a password is required");
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error(Errc::kInternal, "BIO_new_mem_buf failed");
  PasswordState st{&password};
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, PasswordCallback, &st));
  std::string errors = OpenSslErrors();
  if (!pkey) {
    if (encrypted) {
      return Error(Errc::kInvalidArgument,
                   "cannot decrypt private key: wrong password or corrupt key");
    }
    return Error(Errc::kInvalidArgument,
                 "not a PEM private key (PKCS#8, SEC1 or PKCS#1): " + errors);
  }
  AFS_ASSIGN_OR_RETURN(KeyType type, DetectKeyType(pkey.get()));
  auto impl = std::make_unique<Impl>();
  impl->pkey = std::move(pkey);
  impl->type = type;
  return PrivateKey(std::move(impl));
}

Result<PrivateKey> PrivateKey::LoadFile(const std::string& path,
                                        const std::optional<std::string>& password) {
  AFS_ASSIGN_OR_RETURN(std::string pem, ReadFileLimited(path, kMaxPrivateKeyFileBytes));
  auto key = FromPem(pem, password);
  if (!key.ok()) return key.error().Context("private key " + path);
  return key;
}

KeyType PrivateKey::type() const { return impl_->type; }

Result<std::string> PrivateKey::ToPem(const std::optional<std::string>& password) const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return Error(Errc::kInternal, "BIO_new failed");
  int rc;
  if (password.has_value()) {
    if (password->empty()) return Error(Errc::kInvalidArgument, "empty private key password");
    // PKCS#8 EncryptedPrivateKeyInfo, PBES2 (PBKDF2-HMAC-SHA256) + AES-256-CBC.
    rc = PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->pkey.get(), EVP_aes_256_cbc(),
                                       password->data(), static_cast<int>(password->size()),
                                       nullptr, nullptr);
  } else {
    rc = PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr);
  }
  if (rc != 1) return Error(Errc::kInternal, "write private key: " + OpenSslErrors());
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

PublicKey PrivateKey::Public() const {
  // Re-decode the SPKI so the PublicKey never shares the EVP_PKEY holding private material.
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(impl_->pkey.get(), &der);
  const unsigned char* p = der;
  PkeyPtr pub(n > 0 ? d2i_PUBKEY(nullptr, &p, n) : nullptr);
  OPENSSL_free(der);
  if (!pub) return MakePublicKey(impl_->pkey.get(), impl_->type);  // allocation failure only
  return MakePublicKey(pub.get(), impl_->type);
}

Result<std::string> PrivateKey::Sign(std::string_view message) const {
  return SignWithScheme(impl_->pkey.get(), impl_->type, message);
}

}  // namespace attestfs::keys

// PublicKey: SPKI PEM/DER codec, key ids and signature verification over EVP_PKEY.
#include "keys/public_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/file_io.h"
#include "digest/base64.h"
#include "digest/sha256_hasher.h"
#include "keys/openssl_handles.h"

namespace attestfs::keys {
namespace {

// A public key file is a few hundred bytes; anything past this is not a key.
constexpr uint64_t kMaxPublicKeyFileBytes = 64 << 10;

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

Result<PublicKey> Wrap(EVP_PKEY* raw, const char* what) {
  PkeyPtr pkey(raw);
  if (!pkey) return Error(Errc::kMalformed, std::string(what) + ": " + OpenSslErrors());
  AFS_ASSIGN_OR_RETURN(KeyType type, DetectKeyType(pkey.get()));
  auto impl = std::make_unique<PublicKey::Impl>();
  impl->type = type;
  impl->pkey = std::move(pkey);
  return PublicKey(std::move(impl));
}

}  // namespace

PublicKey::PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PublicKey::~PublicKey() = default;
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;
PublicKey::PublicKey(const PublicKey& other) {
  if (!other.impl_) return;  // copying a moved-from key gives a moved-from key
  impl_ = std::make_unique<Impl>();
  EVP_PKEY_up_ref(other.impl_->pkey.get());  // EVP_PKEY is immutable after load: share it
  impl_->pkey.reset(other.impl_->pkey.get());
  impl_->type = other.impl_->type;
}
PublicKey& PublicKey::operator=(const PublicKey& other) {
  if (this != &other) *this = PublicKey(other);
  return *this;
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  if (pem.size() > kMaxPublicKeyFileBytes)
    return Error(Errc::kTooLarge, "public key PEM too large");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error(Errc::kInternal, "BIO_new_mem_buf failed");
  // PEM_read_bio_PUBKEY accepts only "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo).
  return Wrap(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPasswordCallback, nullptr),
              "not a PEM public key (BEGIN PUBLIC KEY)");
}

Result<PublicKey> PublicKey::FromDer(std::string_view spki_der) {
  if (spki_der.size() > kMaxPublicKeyFileBytes)
    return Error(Errc::kTooLarge, "public key DER too large");
  const auto* p = reinterpret_cast<const unsigned char*>(spki_der.data());
  EVP_PKEY* raw = d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size()));
  if (raw != nullptr &&
      p != reinterpret_cast<const unsigned char*>(spki_der.data()) + spki_der.size()) {
    EVP_PKEY_free(raw);
    return Error(Errc::kMalformed, "trailing bytes after DER public key");
  }
  return Wrap(raw, "not a DER SubjectPublicKeyInfo");
}

Result<PublicKey> PublicKey::LoadFile(const std::string& path) {
  AFS_ASSIGN_OR_RETURN(std::string pem, ReadFileLimited(path, kMaxPublicKeyFileBytes));
  auto key = FromPem(pem);
  if (!key.ok()) return key.error().Context("public key " + path);
  return key;
}

KeyType PublicKey::type() const { return impl_->type; }

std::string PublicKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get()) != 1) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string PublicKey::ToDer() const {
  unsigned char* buf = nullptr;
  int n = i2d_PUBKEY(impl_->pkey.get(), &buf);
  if (n <= 0) return "";
  std::string out(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
  OPENSSL_free(buf);
  return out;
}

std::string PublicKey::KeyId() const { return digest::Base64Encode(digest::Sha256(ToDer()).Raw()); }

Status PublicKey::Verify(std::string_view message, std::string_view signature,
                         bool ecdsa_sha256) const {
  return VerifyWithScheme(impl_->pkey.get(), impl_->type, message, signature, ecdsa_sha256);
}

}  // namespace attestfs::keys

// TlsCredentials over OpenSSL: PEM chain + key -> X509/EVP_PKEY, installed per handshake with
// SSL_use_cert_and_key.
#include "admission/tls_credentials.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <chrono>

#include "base/file_io.h"

namespace attestfs::admission {

struct TlsCredentials::Pair {
  X509* leaf = nullptr;
  STACK_OF(X509) * chain = nullptr;
  EVP_PKEY* key = nullptr;
  ~Pair() {
    X509_free(leaf);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
  }
};

namespace {
long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Result<std::shared_ptr<TlsCredentials::Pair>> TlsCredentials::Read(const std::string& cert_path,
                                                                   const std::string& key_path) {
  auto cert_pem = ReadFileLimited(cert_path, 1 << 20);
  if (!cert_pem.ok()) return Error(Errc::kUsage, "TLS certificate: " + cert_pem.error().message());
  auto key_pem = ReadFileLimited(key_path, 1 << 20);
  if (!key_pem.ok()) return Error(Errc::kUsage, "TLS key: " + key_pem.error().message());
  auto pair = std::make_shared<Pair>();
  BIO* cb = BIO_new_mem_buf(cert_pem->data(), static_cast<int>(cert_pem->size()));
  pair->leaf = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
  pair->chain = sk_X509_new_null();
  while (X509* extra = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr)) {
    sk_X509_push(pair->chain, extra);
  }
  BIO_free(cb);
  BIO* kb = BIO_new_mem_buf(key_pem->data(), static_cast<int>(key_pem->size()));
  pair->key = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
  BIO_free(kb);
  ERR_clear_error();
  if (pair->leaf == nullptr) {
    return Error(Errc::kUsage, "TLS certificate " + cert_path + ": no PEM certificate");
  }
  if (pair->key == nullptr) {
    return Error(Errc::kUsage, "TLS key " + key_path + ": no unencrypted PEM private key");
  }
  if (X509_check_private_key(pair->leaf, pair->key) != 1) {
    ERR_clear_error();
    return Error(Errc::kUsage,
                 "TLS key " + key_path + " does not match the certificate " + cert_path);
  }
  return pair;
}

std::pair<TlsCredentials::Stamp, TlsCredentials::Stamp> TlsCredentials::Stamps() const {
  auto stamp = [](const std::string& p) {
    struct stat st {};
    Stamp s{0, 0, 0};
    if (::stat(p.c_str(), &st) == 0) {
      s.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
      s.size = st.st_size;
      s.inode = static_cast<long long>(st.st_ino);
    }
    return s;
  };
  return {stamp(cert_path_), stamp(key_path_)};
}

Result<std::unique_ptr<TlsCredentials>> TlsCredentials::Load(const std::string& cert,
                                                             const std::string& key) {
  std::unique_ptr<TlsCredentials> c(new TlsCredentials(cert, key));
  auto stamps = c->Stamps();
  AFS_ASSIGN_OR_RETURN(auto pair, Read(cert, key));
  MutexLock lock(c->mu_);
  c->current_ = std::move(pair);
  c->stamps_ = stamps;
  c->checked_ms_ = NowMs();
  c->generation_ = 1;
  return c;
}

TlsCredentials::~TlsCredentials() = default;

Status TlsCredentials::Refresh() {
  auto stamps = Stamps();
  {
    MutexLock lock(mu_);
    checked_ms_ = NowMs();
    if (stamps == stamps_) return OkStatus();
  }
  auto pair = Read(cert_path_, key_path_);
  MutexLock lock(mu_);
  if (!pair.ok()) return pair.error();  // keep serving the old pair; retry on the next check
  current_ = std::move(*pair);
  stamps_ = stamps;
  ++generation_;
  return OkStatus();
}

int TlsCredentials::generation() const {
  MutexLock lock(mu_);
  return generation_;
}

bool TlsCredentials::ApplyTo(ssl_st* ssl) {
  bool check = false;
  {
    MutexLock lock(mu_);
    check = NowMs() - checked_ms_ >= 1000;
  }
  if (check) (void)Refresh();
  std::shared_ptr<Pair> pair;
  {
    MutexLock lock(mu_);
    pair = current_;
  }
  if (!pair) return false;
  // SSL_use_cert_and_key takes its own references (the chain is up-ref'd inside).
  const int ok = SSL_use_cert_and_key(ssl, pair->leaf, pair->key, pair->chain, 1);
  if (ok != 1) ERR_clear_error();
  return ok == 1;
}

}  // namespace attestfs::admission

// CertificateChain: X.509 parsing (PEM/DER), leaf subject/SAN extraction, chain verification
// with an X509_STORE of roots and untrusted intermediates, and identity matching.
#include "keys/certificate_chain.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "base/clock.h"
#include "base/file_io.h"
#include "base/glob.h"
#include "keys/openssl_handles.h"

namespace attestfs::keys {
namespace {

// A chain is a leaf plus a few intermediates; roots bundles (e.g. a system CA file) are larger.
constexpr size_t kMaxChainCertificates = 10;
constexpr size_t kMaxRootCertificates = 1000;
constexpr uint64_t kMaxCertificateBytes = 64 << 10;  // one DER certificate

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }  // certs are owned elsewhere
};
struct NamesDeleter {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

Result<std::vector<X509Ptr>> ParsePemCerts(std::string_view pem, size_t max_certs) {
  if (pem.size() > kMaxPemBundleBytes) return Error(Errc::kTooLarge, "certificate PEM too large");
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error(Errc::kInternal, "BIO_new_mem_buf failed");
  std::vector<X509Ptr> certs;
  for (;;) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, NoPasswordCallback, nullptr));
    if (!cert) {
      unsigned long e = ERR_peek_last_error();
      bool eof = ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
      std::string errors = OpenSslErrors();
      if (eof && !certs.empty()) break;
      return Error(Errc::kMalformed, "not a PEM certificate: " + errors);
    }
    if (certs.size() == max_certs) {
      return Error(Errc::kTooLarge, "more than " + std::to_string(max_certs) + " certificates");
    }
    certs.push_back(std::move(cert));
  }
  return certs;
}

std::string NameToString(const X509_NAME* name) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string AsnString(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

// ASN1_TIME (UTCTime or GeneralizedTime) as seconds since the epoch; 0 when it does not decode.
int64_t AsnTimeToUnix(const ASN1_TIME* t) {
  struct tm tm = {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

struct CertificateChain::Impl {
  std::vector<X509Ptr> certs;  // leaf first, never empty
  KeyType leaf_type = KeyType::kEcdsaP256;
};

CertificateChain::CertificateChain(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CertificateChain::~CertificateChain() = default;
CertificateChain::CertificateChain(CertificateChain&&) noexcept = default;
CertificateChain& CertificateChain::operator=(CertificateChain&&) noexcept = default;

namespace {
// The leaf must exist and carry a key type we can verify with.
Result<KeyType> CheckLeaf(const std::vector<X509Ptr>& certs) {
  if (certs.empty()) return Error(Errc::kMalformed, "empty certificate chain");
  EVP_PKEY* leaf_key = X509_get0_pubkey(certs.front().get());
  if (leaf_key == nullptr) {
    return Error(Errc::kMalformed, "leaf certificate public key: " + OpenSslErrors());
  }
  auto type = DetectKeyType(leaf_key);
  if (!type.ok()) return type.error().Context("leaf certificate key");
  return *type;
}
}  // namespace

Result<CertificateChain> CertificateChain::FromPem(std::string_view pem) {
  AFS_ASSIGN_OR_RETURN(auto certs, ParsePemCerts(pem, kMaxChainCertificates));
  AFS_ASSIGN_OR_RETURN(KeyType leaf_type, CheckLeaf(certs));
  auto impl = std::make_unique<Impl>();
  impl->certs = std::move(certs);
  impl->leaf_type = leaf_type;
  return CertificateChain(std::move(impl));
}

Result<CertificateChain> CertificateChain::LoadFile(const std::string& path) {
  AFS_ASSIGN_OR_RETURN(std::string pem, ReadFileLimited(path, kMaxPemBundleBytes));
  auto chain = FromPem(pem);
  if (!chain.ok()) return chain.error().Context("certificate chain " + path);
  return chain;
}

Result<CertificateChain> CertificateChain::FromDer(const std::vector<std::string>& ders) {
  if (ders.size() > kMaxChainCertificates) {
    return Error(Errc::kTooLarge,
                 "more than " + std::to_string(kMaxChainCertificates) + " certificates in chain");
  }
  std::vector<X509Ptr> certs;
  for (const auto& der : ders) {
    if (der.size() > kMaxCertificateBytes) return Error(Errc::kTooLarge, "certificate too large");
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert) return Error(Errc::kMalformed, "not a DER certificate: " + OpenSslErrors());
    if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
      return Error(Errc::kMalformed, "trailing bytes after DER certificate");
    }
    certs.push_back(std::move(cert));
  }
  AFS_ASSIGN_OR_RETURN(KeyType leaf_type, CheckLeaf(certs));
  auto impl = std::make_unique<Impl>();
  impl->certs = std::move(certs);
  impl->leaf_type = leaf_type;
  return CertificateChain(std::move(impl));
}

std::vector<std::string> CertificateChain::ToDer() const {
  std::vector<std::string> out;
  for (const auto& c : impl_->certs) {
    unsigned char* buf = nullptr;
    int n = i2d_X509(c.get(), &buf);
    if (n <= 0) continue;
    out.emplace_back(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
    OPENSSL_free(buf);
  }
  return out;
}

PublicKey CertificateChain::LeafPublicKey() const {
  return MakePublicKey(X509_get0_pubkey(impl_->certs.front().get()), impl_->leaf_type);
}

std::string CertificateChain::LeafSubject() const {
  return NameToString(X509_get_subject_name(impl_->certs.front().get()));
}

std::string CertificateChain::LeafIssuer() const {
  return NameToString(X509_get_issuer_name(impl_->certs.front().get()));
}

int64_t CertificateChain::LeafNotBefore() const {
  return AsnTimeToUnix(X509_get0_notBefore(impl_->certs.front().get()));
}

int64_t CertificateChain::LeafNotAfter() const {
  return AsnTimeToUnix(X509_get0_notAfter(impl_->certs.front().get()));
}

Status CertificateChain::CheckLeafValidAt(int64_t at_unix) const {
  const int64_t not_before = LeafNotBefore();
  const int64_t not_after = LeafNotAfter();
  if (at_unix >= not_before && at_unix <= not_after) return OkStatus();
  return Error(Errc::kInvalidArgument,
               "certificate " + LeafSubject() + " is not valid at " + FormatRfc3339(at_unix) +
                   (at_unix > not_after ? " (expired)" : " (not yet valid)") +
                   ": it is valid from " + FormatRfc3339(not_before) + " to " +
                   FormatRfc3339(not_after));
}

std::vector<std::string> CertificateChain::LeafSans() const {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, NamesDeleter> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(impl_->certs.front().get(), NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    const ASN1_STRING* s = nullptr;
    if (gn->type == GEN_EMAIL)
      s = gn->d.rfc822Name;
    else if (gn->type == GEN_URI)
      s = gn->d.uniformResourceIdentifier;
    else if (gn->type == GEN_DNS)
      s = gn->d.dNSName;
    if (s == nullptr) continue;
    std::string v = AsnString(s);
    if (v.find('\0') != std::string::npos) continue;  // embedded NUL: never a valid identity
    out.push_back(std::move(v));
  }
  return out;
}

Status CertificateChain::VerifyTo(std::string_view roots_pem, int64_t at_unix) const {
  auto roots = ParsePemCerts(roots_pem, kMaxRootCertificates);
  if (!roots.ok())
    return Error(Errc::kInvalidArgument, "trusted roots: " + roots.error().message());
  std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
  std::unique_ptr<STACK_OF(X509), StackDeleter> untrusted(sk_X509_new_null());
  std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return Error(Errc::kInternal, "X509 store allocation failed");
  for (const auto& r : *roots) {
    if (X509_STORE_add_cert(store.get(), r.get()) != 1) OpenSslErrors();  // duplicates are fine
  }
  for (size_t i = 1; i < impl_->certs.size(); ++i) {
    if (sk_X509_push(untrusted.get(), impl_->certs[i].get()) <= 0) {
      return Error(Errc::kInternal, "sk_X509_push failed");
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), impl_->certs.front().get(), untrusted.get()) !=
      1) {
    return Error(Errc::kInternal, "X509_STORE_CTX_init: " + OpenSslErrors());
  }
  // Every certificate in roots_pem is a trust anchor, self-signed or not (as Go's x509
  // root pools behave): a user may pin an intermediate CA.
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_PARTIAL_CHAIN);
  if (at_unix != 0) X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(at_unix));
  int rc = X509_verify_cert(ctx.get());
  OpenSslErrors();
  if (rc != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    return Error(Errc::kVerificationFailed,
                 "certificate chain of " + LeafSubject() +
                     " does not verify: " + X509_verify_cert_error_string(err));
  }
  return CheckLeafSigningPurpose();
}

Status CertificateChain::CheckLeafSigningPurpose() const {
  X509* leaf = impl_->certs.front().get();
  const uint32_t flags = X509_get_extension_flags(leaf);  // decodes and caches the extensions
  if (flags & EXFLAG_INVALID) {
    return Error(Errc::kVerificationFailed,
                 "certificate " + LeafSubject() + " has extensions that do not decode");
  }
  // With an extendedKeyUsage extension the key serves only the purposes listed; a model or
  // dataset signature is a code signature.
  if ((flags & EXFLAG_XKUSAGE) && !(X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN)) {
    return Error(Errc::kVerificationFailed,
                 "certificate " + LeafSubject() +
                     " is not for code signing: its extendedKeyUsage lacks codeSigning");
  }
  // Signatures on anything but certificates and CRLs need digitalSignature.
  if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE)) {
    return Error(Errc::kVerificationFailed,
                 "certificate " + LeafSubject() +
                     " is not for signing: its keyUsage lacks digitalSignature");
  }
  return OkStatus();
}

bool CertificateChain::MatchesIdentity(std::string_view identity) const {
  if (identity.empty()) return false;
  const Glob pattern(identity, kIdentityGlob);
  for (const auto& san : LeafSans()) {
    if (pattern.Matches(san)) return true;
  }
  return false;
}

}  // namespace attestfs::keys

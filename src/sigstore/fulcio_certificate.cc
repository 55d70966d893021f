// FulcioCertificate over OpenSSL's X509: SANs, Fulcio issuer extensions, chain at a time.
#include "sigstore/fulcio_certificate.h"

#include <openssl/asn1.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>

namespace attestfs::sigstore {
namespace {

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr ParseDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (cert && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) cert.reset();
  return cert;
}

int64_t AsnTime(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

std::string Asn1String(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

// The value (OCTET STRING contents) of the extension with this dotted OID, or nullopt.
std::optional<std::string> ExtensionValue(X509* cert, const char* oid) {
  ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
  if (obj == nullptr) return std::nullopt;
  int idx = X509_get_ext_by_OBJ(cert, obj, -1);
  ASN1_OBJECT_free(obj);
  if (idx < 0) return std::nullopt;
  X509_EXTENSION* ext = X509_get_ext(cert, idx);
  return Asn1String(X509_EXTENSION_get_data(ext));
}

}  // namespace

struct FulcioCertificate::Impl {
  X509Ptr cert;
  std::string der;
};

FulcioCertificate::FulcioCertificate(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FulcioCertificate::~FulcioCertificate() = default;
FulcioCertificate::FulcioCertificate(FulcioCertificate&&) noexcept = default;
FulcioCertificate& FulcioCertificate::operator=(FulcioCertificate&&) noexcept = default;

Result<FulcioCertificate> FulcioCertificate::FromDer(std::string_view der) {
  X509Ptr cert = ParseDer(der);
  if (!cert) return Error(Errc::kMalformed, "certificate does not parse as DER X.509");
  auto impl = std::make_unique<Impl>();
  impl->cert = std::move(cert);
  impl->der = std::string(der);
  return FulcioCertificate(std::move(impl));
}

const std::string& FulcioCertificate::Der() const { return impl_->der; }

std::string FulcioCertificate::PublicKeyDer() const {
  unsigned char* out = nullptr;
  int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(impl_->cert.get()), &out);
  if (len <= 0) return {};
  std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  return der;
}

int64_t FulcioCertificate::NotBefore() const {
  return AsnTime(X509_get0_notBefore(impl_->cert.get()));
}
int64_t FulcioCertificate::NotAfter() const {
  return AsnTime(X509_get0_notAfter(impl_->cert.get()));
}

bool FulcioCertificate::IsCa() const {
  X509* c = impl_->cert.get();
  return X509_check_ca(c) != 0 || (X509_get_extension_flags(c) & EXFLAG_SS) != 0;
}

std::vector<std::string> FulcioCertificate::Sans() const {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(impl_->cert.get(), NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  ASN1_OBJECT* fulcio_other = OBJ_txt2obj("1.3.6.1.4.1.57264.1.7", 1);
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_URI || n->type == GEN_EMAIL || n->type == GEN_DNS) {
      out.push_back(Asn1String(n->d.ia5));
    } else if (n->type == GEN_OTHERNAME && fulcio_other != nullptr &&
               OBJ_cmp(n->d.otherName->type_id, fulcio_other) == 0 &&
               n->d.otherName->value->type == V_ASN1_UTF8STRING) {
      out.push_back(Asn1String(n->d.otherName->value->value.utf8string));
    }
  }
  ASN1_OBJECT_free(fulcio_other);
  GENERAL_NAMES_free(names);
  return out;
}

std::string FulcioCertificate::OidcIssuer() const {
  if (auto v2 = ExtensionValue(impl_->cert.get(), "1.3.6.1.4.1.57264.1.8")) {
    const auto* p = reinterpret_cast<const unsigned char*>(v2->data());
    ASN1_UTF8STRING* s = d2i_ASN1_UTF8STRING(nullptr, &p, static_cast<long>(v2->size()));
    if (s != nullptr) {
      std::string out = Asn1String(s);
      ASN1_UTF8STRING_free(s);
      return out;
    }
  }
  if (auto v1 = ExtensionValue(impl_->cert.get(), "1.3.6.1.4.1.57264.1.1")) return *v1;
  return {};
}

std::string FulcioCertificate::Subject() const {
  char buf[512];
  X509_NAME_oneline(X509_get_subject_name(impl_->cert.get()), buf, sizeof buf);
  return buf;
}

Result<std::string> FulcioCertificate::VerifyChain(const CertificateAuthority& ca,
                                                   int64_t at_unix) const {
  if (!ca.valid_for.Contains(at_unix)) {
    return Error(Errc::kVerificationFailed, "CA " + ca.uri + " is trusted " +
                                                ca.valid_for.Describe() + ", not at " +
                                                std::to_string(at_unix));
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> untrusted(
      sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
  std::vector<X509Ptr> parsed;
  for (size_t i = 0; i < ca.chain_der.size(); ++i) {
    X509Ptr c = ParseDer(ca.chain_der[i]);
    if (!c) return Error(Errc::kMalformed, "trusted root: CA certificate does not parse");
    if (i + 1 == ca.chain_der.size()) {
      X509_STORE_add_cert(store.get(), c.get());
    } else {
      X509_up_ref(c.get());
      sk_X509_push(untrusted.get(), c.get());
    }
    parsed.push_back(std::move(c));
  }
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  if (!ctx ||
      X509_STORE_CTX_init(ctx.get(), store.get(), impl_->cert.get(), untrusted.get()) != 1) {
    return Error(Errc::kInternal, "X509_STORE_CTX_init failed");
  }
  // Times are checked below, with RFC 5280's inclusive ends (OpenSSL treats notAfter == t as
  // expired).
  X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx.get()), X509_V_FLAG_NO_CHECK_TIME);
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    return Error(Errc::kVerificationFailed, std::string("certificate chain to ") +
                                                (ca.uri.empty() ? ca.subject : ca.uri) + ": " +
                                                X509_verify_cert_error_string(err));
  }
  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
  if (chain == nullptr || sk_X509_num(chain) < 2) {
    return Error(Errc::kVerificationFailed, "certificate chain: the leaf is self-signed");
  }
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* c = sk_X509_value(chain, i);
    int64_t nb = AsnTime(X509_get0_notBefore(c)), na = AsnTime(X509_get0_notAfter(c));
    if (at_unix < nb || at_unix > na) {
      char name[256];
      X509_NAME_oneline(X509_get_subject_name(c), name, sizeof name);
      return Error(Errc::kVerificationFailed,
                   std::string("certificate chain: ") + name + " is not valid at " +
                       std::to_string(at_unix) +
                       (at_unix > na ? " (expired)" : " (not yet valid)"));
    }
  }
  unsigned char* out = nullptr;
  int len = i2d_X509(sk_X509_value(chain, 1), &out);
  if (len <= 0) return Error(Errc::kInternal, "encode issuer");
  std::string issuer(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  return issuer;
}

}  // namespace attestfs::sigstore

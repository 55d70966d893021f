// Test-only PKI: builds root CA -> intermediate CA -> leaf certificates with OpenSSL so
// certificate-chain tests need no checked-in fixtures. Header-only so unit_keys and
// unit_attestation can both include it ("unit/keys/test_pki.h").
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace attestfs::testing {

// What the leaf certificate carries; the defaults make a code-signing leaf valid for a year.
struct LeafOptions {
  std::string key_usage = "critical,digitalSignature";  // "" = no keyUsage extension
  std::string ext_key_usage;                            // "" = no extendedKeyUsage extension
  std::string subject_ou;                               // "" = no OU in the subject
  long not_before_offset = -3600;                       // seconds from now
  long not_after_offset = 3600L * 24 * 365;
};

struct TestPki {
  std::string root_pem;          // self-signed root CA
  std::string intermediate_pem;  // CA signed by the root
  std::string leaf_pem;          // leaf signed by the intermediate
  std::string chain_pem;         // leaf + intermediate (what a signer ships)
};

namespace pki_detail {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

inline void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test pki: ") + what);
}

inline Pkey ReadKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  Pkey k(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  Check(k != nullptr, "read private key");
  return k;
}

inline void AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// Issues a certificate for `key` signed by issuer_key (self-signed when issuer is null).
inline Cert Issue(EVP_PKEY* key, const std::string& cn, const std::string& san_email,
                  EVP_PKEY* issuer_key, X509* issuer, bool ca, long serial,
                  const LeafOptions& leaf = {}) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), ca ? -3600 : leaf.not_before_offset);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), ca ? 3600L * 24 * 365 : leaf.not_after_offset);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("attestfs tests"), -1, -1, 0);
  if (!ca && !leaf.subject_ou.empty()) {  // first RDN: printed last in RFC 2253 text
    X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(leaf.subject_ou.c_str()), -1,
                               0, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* iss = issuer ? issuer : cert.get();
  AddExt(cert.get(), iss, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  if (ca) {
    AddExt(cert.get(), iss, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    if (!leaf.key_usage.empty()) AddExt(cert.get(), iss, NID_key_usage, leaf.key_usage.c_str());
    if (!leaf.ext_key_usage.empty())
      AddExt(cert.get(), iss, NID_ext_key_usage, leaf.ext_key_usage.c_str());
  }
  AddExt(cert.get(), iss, NID_subject_key_identifier, "hash");
  if (!san_email.empty()) {
    AddExt(cert.get(), iss, NID_subject_alt_name, ("email:" + san_email).c_str());
  }
  const EVP_MD* md = EVP_PKEY_is_a(issuer_key, "ED25519") ? nullptr : EVP_sha256();
  Check(X509_sign(cert.get(), issuer_key, md) > 0, "sign certificate");
  return cert;
}

inline std::string ToPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

inline Pkey NewCaKey() {
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  Check(k != nullptr, "keygen");
  return k;
}

}  // namespace pki_detail

// Root "<root_cn>" -> intermediate -> leaf for the key in leaf_private_pem (PKCS#8 PEM,
// unencrypted), with subject CN=leaf_cn and, when non-empty, SAN email; `leaf` sets the
// leaf's key usages, an OU and its validity window (`leaf_options`).
inline TestPki MakeTestPki(const std::string& leaf_private_pem, const std::string& leaf_cn,
                           const std::string& san_email,
                           const std::string& root_cn = "attestfs test root",
                           const LeafOptions& leaf_options = {}) {
  using namespace pki_detail;
  Pkey root_key = NewCaKey();
  Pkey inter_key = NewCaKey();
  Pkey leaf_key = ReadKey(leaf_private_pem);
  Cert root = Issue(root_key.get(), root_cn, "", root_key.get(), nullptr, true, 1);
  Cert inter =
      Issue(inter_key.get(), root_cn + " intermediate", "", root_key.get(), root.get(), true, 2);
  Cert leaf = Issue(leaf_key.get(), leaf_cn, san_email, inter_key.get(), inter.get(), false, 3,
                    leaf_options);
  TestPki p;
  p.root_pem = ToPem(root.get());
  p.intermediate_pem = ToPem(inter.get());
  p.leaf_pem = ToPem(leaf.get());
  p.chain_pem = p.leaf_pem + p.intermediate_pem;
  return p;
}

}  // namespace attestfs::testing

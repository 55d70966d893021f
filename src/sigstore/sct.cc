// SCT verification by hand over OpenSSL's SCT accessors (3.0 has no public way to add a log to
// a CTLOG_STORE from memory): rebuild the RFC 6962 digitally-signed struct and verify it.
#include "sigstore/sct.h"

#include <openssl/ct.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "digest/base64.h"
#include "sigstore/signature_check.h"

namespace attestfs::sigstore {
namespace {

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr Parse(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

void PutUint(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

Status VerifyEmbeddedScts(std::string_view leaf_der, std::string_view issuer_der,
                          const std::vector<TransparencyLog>& ctlogs) {
  X509Ptr leaf = Parse(leaf_der);
  X509Ptr issuer = Parse(issuer_der);
  if (!leaf || !issuer) return Error(Errc::kMalformed, "SCT: certificate does not parse");
  auto* scts = static_cast<STACK_OF(SCT)*>(
      X509_get_ext_d2i(leaf.get(), NID_ct_precert_scts, nullptr, nullptr));
  if (scts == nullptr) {
    return Error(Errc::kVerificationFailed, "SCT: the certificate carries no embedded SCT");
  }
  std::unique_ptr<STACK_OF(SCT), void (*)(STACK_OF(SCT)*)> guard(scts, SCT_LIST_free);

  // The precertificate TBS: the leaf's TBS without the SCT list extension.
  X509Ptr pre(X509_dup(leaf.get()));
  int idx = X509_get_ext_by_NID(pre.get(), NID_ct_precert_scts, -1);
  if (!pre || idx < 0) return Error(Errc::kInternal, "SCT: copy certificate");
  X509_EXTENSION_free(X509_delete_ext(pre.get(), idx));
  unsigned char* tbs = nullptr;
  int tbs_len = i2d_re_X509_tbs(pre.get(), &tbs);
  if (tbs_len <= 0) return Error(Errc::kInternal, "SCT: encode TBS");
  std::string tbs_der(reinterpret_cast<char*>(tbs), static_cast<size_t>(tbs_len));
  OPENSSL_free(tbs);
  unsigned char* spki = nullptr;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer.get()), &spki);
  if (spki_len <= 0) return Error(Errc::kInternal, "SCT: encode issuer key");
  unsigned char key_hash[SHA256_DIGEST_LENGTH];
  SHA256(spki, static_cast<size_t>(spki_len), key_hash);
  OPENSSL_free(spki);

  std::string reasons;
  for (int i = 0; i < sk_SCT_num(scts); ++i) {
    SCT* sct = sk_SCT_value(scts, i);
    unsigned char* id = nullptr;
    size_t id_len = SCT_get0_log_id(sct, &id);
    std::string log_id(reinterpret_cast<char*>(id), id_len);
    const TransparencyLog* log = nullptr;
    for (const auto& l : ctlogs) {
      if (l.log_id == log_id) log = &l;
    }
    if (log == nullptr) {
      reasons += "; SCT from unknown CT log " + digest::Base64Encode(log_id);
      continue;
    }
    if (SCT_get_version(sct) != SCT_VERSION_V1) {
      reasons += "; SCT version is not v1";
      continue;
    }
    uint64_t ts = SCT_get_timestamp(sct);
    if (!log->valid_for.Contains(static_cast<int64_t>(ts / 1000))) {
      reasons += "; SCT time outside the CT log's validity " + log->valid_for.Describe();
      continue;
    }
    unsigned char* ext = nullptr;
    size_t ext_len = SCT_get0_extensions(sct, &ext);
    unsigned char* sig = nullptr;
    size_t sig_len = SCT_get0_signature(sct, &sig);
    std::string signed_data;
    PutUint(signed_data, 0, 1);  // sct_version v1
    PutUint(signed_data, 0, 1);  // signature_type certificate_timestamp
    PutUint(signed_data, ts, 8);
    PutUint(signed_data, 1, 2);  // entry_type precert_entry
    signed_data.append(reinterpret_cast<char*>(key_hash), sizeof key_hash);
    PutUint(signed_data, tbs_der.size(), 3);
    signed_data += tbs_der;
    PutUint(signed_data, ext_len, 2);
    if (ext_len > 0) signed_data.append(reinterpret_cast<char*>(ext), ext_len);
    Status st = VerifySpkiSignature(log->public_key_der, signed_data,
                                    std::string_view(reinterpret_cast<char*>(sig), sig_len));
    if (st.ok()) return OkStatus();
    reasons += "; SCT signature from " + log->base_url + " does not verify";
  }
  return Error(Errc::kVerificationFailed,
               "SCT: no embedded SCT verifies with a trusted CT log" +
                   (reasons.empty() ? std::string() : " (" + reasons.substr(2) + ")"));
}

}  // namespace attestfs::sigstore

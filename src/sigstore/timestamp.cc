// RFC 3161 verification through OpenSSL's TS API (signature, ESSCertID, imprint over the data,
// the signer's timeStamping EKU), anchored only in the trusted root's TSA chains.
#include "sigstore/timestamp.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <ctime>
#include <memory>
#include <string>

#include "base/clock.h"

namespace attestfs::sigstore {
namespace {

struct TsRespFree {
  void operator()(TS_RESP* p) const { TS_RESP_free(p); }
};

X509* ParseDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return d2i_X509(nullptr, &p, static_cast<long>(der.size()));
}

std::string OpensslReason() {
  unsigned long e = ERR_peek_last_error();
  ERR_clear_error();
  if (e == 0) return "verification failed";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// One attempt against one TSA's chain (issuing certificate first, root last).
Status VerifyWith(TS_RESP* resp, std::string_view data, const CertificateAuthority& tsa,
                  int64_t gen_time) {
  std::unique_ptr<TS_VERIFY_CTX, decltype(&TS_VERIFY_CTX_free)> ctx(TS_VERIFY_CTX_new(),
                                                                    TS_VERIFY_CTX_free);
  if (!ctx) return Error(Errc::kInternal, "TS_VERIFY_CTX_new");
  X509_STORE* store = X509_STORE_new();
  STACK_OF(X509)* certs = sk_X509_new_null();
  if (store == nullptr || certs == nullptr) {
    X509_STORE_free(store);
    sk_X509_free(certs);
    return Error(Errc::kInternal, "allocate TSA store");
  }
  for (size_t i = 0; i < tsa.chain_der.size(); ++i) {
    X509* c = ParseDer(tsa.chain_der[i]);
    if (c == nullptr) {
      X509_STORE_free(store);
      sk_X509_pop_free(certs, X509_free);
      return Error(Errc::kMalformed, "trusted root: TSA certificate does not parse");
    }
    if (i + 1 == tsa.chain_der.size()) {
      X509_STORE_add_cert(store, c);
      X509_free(c);
    } else {
      sk_X509_push(certs, c);
    }
  }
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), static_cast<time_t>(gen_time));
  TS_VERIFY_CTX_set_store(ctx.get(), store);  // owned by ctx from here
  TS_VERIFY_CTX_set_certs(ctx.get(), certs);  // owned by ctx
  BIO* bio = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
  TS_VERIFY_CTX_set_data(ctx.get(), bio);  // owned by ctx
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
  if (TS_RESP_verify_response(ctx.get(), resp) != 1) {
    return Error(Errc::kVerificationFailed, OpensslReason());
  }
  return OkStatus();
}

}  // namespace

Result<int64_t> VerifyRfc3161Timestamp(std::string_view der, std::string_view signed_data,
                                       const std::vector<CertificateAuthority>& tsas) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<TS_RESP, TsRespFree> resp(
      d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) {
    ERR_clear_error();
    return Error(Errc::kMalformed, "timestamp: not a DER TimeStampResp");
  }
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
  if (info == nullptr)
    return Error(Errc::kVerificationFailed, "timestamp: no token in the response");
  struct tm tm {};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm) != 1) {
    return Error(Errc::kMalformed, "timestamp: bad genTime");
  }
  int64_t gen_time = static_cast<int64_t>(timegm(&tm));
  if (tsas.empty()) {
    return Error(Errc::kVerificationFailed,
                 "timestamp: the trusted root has no timestamp authority");
  }
  std::string reasons;
  for (const auto& tsa : tsas) {
    std::string name = tsa.uri.empty() ? tsa.subject : tsa.uri;
    if (!tsa.valid_for.Contains(gen_time)) {
      reasons += "; " + name + " is trusted " + tsa.valid_for.Describe() + ", not at " +
                 FormatRfc3339(gen_time);
      continue;
    }
    Status st = VerifyWith(resp.get(), signed_data, tsa, gen_time);
    if (st.ok()) return gen_time;
    reasons += "; " + name + ": " + st.error().message();
  }
  return Error(Errc::kVerificationFailed,
               "timestamp of " + FormatRfc3339(gen_time) +
                   " does not verify with a trusted timestamp authority (" + reasons.substr(2) +
                   ")");
}

}  // namespace attestfs::sigstore

// Test-only Sigstore instance made with OpenSSL in the test: a Fulcio CA (root -> intermediate ->
// 10-minute leaf with a URI SAN, the issuer extensions and an embedded SCT), a CT log, a Rekor v1
// log (ECDSA: SET, RFC 6962 proof in a 7-leaf tree, signed checkpoint) and an RFC 3161 TSA. It
// writes a trusted_root.json and signs bundles (message signature, hashedrekord 0.0.1) whose
// parts a test may tamper with before serialising.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/ct.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "digest/base64.h"
#include "digest/digest.h"
#include "sigstore/tlog_entry.h"
#include "sigstore/tlog_verifier.h"
#include "unit/sigstore/merkle_reference.h"
#include "unit/sigstore/test_keys.h"

namespace attestfs::sigstore::testing {

inline constexpr int64_t kT0 = 1700000000;  // the leaf is valid [kT0, kT0 + 600]

inline std::string Der(X509* c) {
  unsigned char* out = nullptr;
  int len = i2d_X509(c, &out);
  std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  return der;
}

inline std::string Pem(X509* c) {
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, c);
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(b);
  return pem;
}

inline std::string Hex(const std::string& raw) {
  return digest::Digest::FromRaw(raw).value().Hex();
}

using CertPtr = std::shared_ptr<X509>;

inline void AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) throw std::runtime_error("extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

inline void AddRawExt(X509* cert, const char* oid, const std::string& value) {
  ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
  ASN1_OCTET_STRING* os = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(os, reinterpret_cast<const unsigned char*>(value.data()),
                        static_cast<int>(value.size()));
  X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, obj, 0, os);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  ASN1_OCTET_STRING_free(os);
  ASN1_OBJECT_free(obj);
}

inline CertPtr NewCert(EVP_PKEY* key, const std::string& cn, int64_t not_before, int64_t not_after,
                       long serial) {
  CertPtr c(X509_new(), X509_free);
  X509_set_version(c.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c.get()), serial);
  ASN1_TIME_set(X509_getm_notBefore(c.get()), static_cast<time_t>(not_before));
  ASN1_TIME_set(X509_getm_notAfter(c.get()), static_cast<time_t>(not_after));
  X509_set_pubkey(c.get(), key);
  if (!cn.empty()) {
    X509_NAME_add_entry_by_txt(X509_get_subject_name(c.get()), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  }
  return c;
}

inline CertPtr MakeCa(const TestKey& key, const std::string& cn, const TestKey* issuer_key,
                      X509* issuer, long serial, const char* eku = nullptr) {
  CertPtr c = NewCert(key.key.get(), cn, kT0 - 86400 * 365, kT0 + 86400 * 365 * 5, serial);
  X509_set_issuer_name(c.get(),
                       issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(c.get()));
  if (eku == nullptr) {
    AddExt(c.get(), issuer ? issuer : c.get(), NID_basic_constraints, "critical,CA:TRUE");
    AddExt(c.get(), issuer ? issuer : c.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExt(c.get(), issuer, NID_key_usage, "critical,digitalSignature");
    AddExt(c.get(), issuer, NID_ext_key_usage, eku);
  }
  X509_sign(c.get(), issuer_key ? issuer_key->key.get() : key.key.get(), EVP_sha256());
  return c;
}

struct Instance {
  TestKey root_key = TestKey::Ecdsa(), inter_key = TestKey::Ecdsa(), ct_key = TestKey::Ecdsa();
  TestKey log_key = TestKey::Ecdsa(), tsa_root_key = TestKey::Ecdsa(), tsa_key = TestKey::Ecdsa();
  CertPtr root, inter, tsa_root, tsa_leaf;
  std::string log_id, ct_id;
  std::string identity = "https://example.com/signer";
  std::string issuer = "https://issuer.example";

  Instance() {
    root = MakeCa(root_key, "fulcio root", nullptr, nullptr, 1);
    inter = MakeCa(inter_key, "fulcio intermediate", &root_key, root.get(), 2);
    tsa_root = MakeCa(tsa_root_key, "tsa root", nullptr, nullptr, 3);
    tsa_leaf = MakeCa(tsa_key, "tsa", &tsa_root_key, tsa_root.get(), 4, "critical,timeStamping");
    log_id = Sha256Raw(log_key.SpkiDer());
    ct_id = Sha256Raw(ct_key.SpkiDer());
  }

  // trusted_root.json for this instance; windows as JSON objects.
  std::string TrustedRootJson(
      const std::string& tlog_valid = R"({"start":"2020-01-01T00:00:00Z"})",
      const std::string& tsa_valid = R"({"start":"2020-01-01T00:00:00Z"})",
      const std::string& ca_valid = R"({"start":"2020-01-01T00:00:00Z"})") const {
    using nlohmann::json;
    auto cert = [](X509* c) { return json{{"rawBytes", digest::Base64Encode(Der(c))}}; };
    json j = {{"mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1"},
              {"tlogs",
               {{{"baseUrl", "https://rekor.test"},
                 {"hashAlgorithm", "SHA2_256"},
                 {"publicKey",
                  {{"rawBytes", digest::Base64Encode(log_key.SpkiDer())},
                   {"keyDetails", "PKIX_ECDSA_P256_SHA_256"},
                   {"validFor", json::parse(tlog_valid)}}},
                 {"logId", {{"keyId", digest::Base64Encode(log_id)}}}}}},
              {"certificateAuthorities",
               {{{"uri", "https://fulcio.test"},
                 {"certChain", {{"certificates", {cert(inter.get()), cert(root.get())}}}},
                 {"validFor", json::parse(ca_valid)}}}},
              {"ctlogs",
               {{{"baseUrl", "https://ct.test"},
                 {"hashAlgorithm", "SHA2_256"},
                 {"publicKey",
                  {{"rawBytes", digest::Base64Encode(ct_key.SpkiDer())},
                   {"keyDetails", "PKIX_ECDSA_P256_SHA_256"},
                   {"validFor", {{"start", "2020-01-01T00:00:00Z"}}}}},
                 {"logId", {{"keyId", digest::Base64Encode(ct_id)}}}}}},
              {"timestampAuthorities",
               {{{"uri", "https://tsa.test"},
                 {"certChain", {{"certificates", {cert(tsa_leaf.get()), cert(tsa_root.get())}}}},
                 {"validFor", json::parse(tsa_valid)}}}}};
    return j.dump();
  }

  // A Fulcio-style leaf for `key` with an SCT from the CT log (or from `sct_key` when given).
  CertPtr Leaf(const TestKey& key, const std::string& san, const TestKey* sct_key = nullptr) const {
    CertPtr c = NewCert(key.key.get(), "", kT0, kT0 + 600, 100);
    X509_set_issuer_name(c.get(), X509_get_subject_name(inter.get()));
    AddExt(c.get(), inter.get(), NID_key_usage, "critical,digitalSignature");
    AddExt(c.get(), inter.get(), NID_ext_key_usage, "codeSigning");
    AddExt(c.get(), inter.get(), NID_subject_alt_name, ("critical,URI:" + san).c_str());
    AddRawExt(c.get(), "1.3.6.1.4.1.57264.1.1", issuer);
    std::string utf8 = std::string("\x0c") + static_cast<char>(issuer.size()) + issuer;
    AddRawExt(c.get(), "1.3.6.1.4.1.57264.1.8", utf8);
    X509_sign(c.get(), inter_key.key.get(), EVP_sha256());
    // The precertificate TBS the SCT signs: this certificate without the SCT extension.
    unsigned char* tbs = nullptr;
    int tbs_len = i2d_re_X509_tbs(c.get(), &tbs);
    std::string tbs_der(reinterpret_cast<char*>(tbs), static_cast<size_t>(tbs_len));
    OPENSSL_free(tbs);
    uint64_t ts_ms = static_cast<uint64_t>(kT0) * 1000 + 5;
    std::string data;
    auto put = [&data](uint64_t v, int n) {
      for (int i = n - 1; i >= 0; --i) data += static_cast<char>((v >> (8 * i)) & 0xff);
    };
    put(0, 1);
    put(0, 1);
    put(ts_ms, 8);
    put(1, 2);
    data += Sha256Raw(inter_key.SpkiDer());
    put(tbs_der.size(), 3);
    data += tbs_der;
    put(0, 2);
    std::string sig = (sct_key ? *sct_key : ct_key).Sign(data);
    SCT* sct = SCT_new();
    SCT_set_version(sct, SCT_VERSION_V1);
    SCT_set_log_entry_type(sct, CT_LOG_ENTRY_TYPE_PRECERT);
    SCT_set1_log_id(sct, reinterpret_cast<const unsigned char*>(ct_id.data()), ct_id.size());
    SCT_set_timestamp(sct, ts_ms);
    SCT_set_signature_nid(sct, NID_ecdsa_with_SHA256);
    SCT_set1_signature(sct, reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
    STACK_OF(SCT)* list = sk_SCT_new_null();
    sk_SCT_push(list, sct);
    X509_add1_ext_i2d(c.get(), NID_ct_precert_scts, list, 0, X509V3_ADD_DEFAULT);
    SCT_LIST_free(list);
    X509_sign(c.get(), inter_key.key.get(), EVP_sha256());
    return c;
  }

  // A DER TimeStampResp over `data` at gen_time, signed by the TSA (certificates embedded).
  std::string Timestamp(const std::string& data, int64_t gen_time, bool embed_certs = true) const {
    TS_REQ* req = TS_REQ_new();
    TS_REQ_set_version(req, 1);
    TS_MSG_IMPRINT* mi = TS_MSG_IMPRINT_new();
    X509_ALGOR* alg = X509_ALGOR_new();
    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
    TS_MSG_IMPRINT_set_algo(mi, alg);
    std::string digest = Sha256Raw(data);
    TS_MSG_IMPRINT_set_msg(mi, reinterpret_cast<unsigned char*>(digest.data()),
                           static_cast<int>(digest.size()));
    TS_REQ_set_msg_imprint(req, mi);
    TS_REQ_set_cert_req(req, embed_certs ? 1 : 0);
    BIO* req_bio = BIO_new(BIO_s_mem());
    i2d_TS_REQ_bio(req_bio, req);
    TS_RESP_CTX* ctx = TS_RESP_CTX_new();
    TS_RESP_CTX_set_signer_cert(ctx, tsa_leaf.get());
    TS_RESP_CTX_set_signer_key(ctx, tsa_key.key.get());
    ASN1_OBJECT* policy = OBJ_txt2obj("1.2.3.4", 1);
    TS_RESP_CTX_set_def_policy(ctx, policy);
    TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
    TS_RESP_CTX_add_md(ctx, EVP_sha256());
    TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
    static int64_t fixed;
    fixed = gen_time;
    TS_RESP_CTX_set_time_cb(
        ctx,
        [](TS_RESP_CTX*, void*, long* sec, long* usec) -> int {
          *sec = static_cast<long>(fixed);
          *usec = 0;
          return 1;
        },
        nullptr);
    TS_RESP* resp = TS_RESP_create_response(ctx, req_bio);
    unsigned char* out = nullptr;
    int len = i2d_TS_RESP(resp, &out);
    std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(len > 0 ? len : 0));
    OPENSSL_free(out);
    TS_RESP_free(resp);
    ASN1_OBJECT_free(policy);
    TS_RESP_CTX_free(ctx);
    BIO_free(req_bio);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    TS_REQ_free(req);
    return der;
  }
};

// One signed artefact with every part of its bundle, to tamper with before Json().
struct SignedBundle {
  std::string artifact = "hello, keyless world\n";
  std::string signature;
  std::string leaf_der;
  TlogEntry entry;
  std::string set;
  std::vector<std::string> proof;
  std::string root_hash;
  uint64_t tree_size = 7;
  std::string checkpoint;
  std::vector<std::string> timestamps;
  bool include_set = true;
  std::string payload_type;  // DSSE bundles: the envelope's type and payload
  std::string payload;

  std::string Json() const {
    using nlohmann::json;
    json proof_hashes = json::array();
    for (const auto& h : proof) proof_hashes.push_back(digest::Base64Encode(h));
    json e = {{"logIndex", std::to_string(entry.log_index)},
              {"logId", {{"keyId", digest::Base64Encode(entry.log_id)}}},
              {"kindVersion", {{"kind", entry.kind}, {"version", entry.version}}},
              {"integratedTime", std::to_string(entry.integrated_time)},
              {"inclusionProof",
               {{"logIndex", std::to_string(entry.proof->log_index)},
                {"rootHash", digest::Base64Encode(root_hash)},
                {"treeSize", std::to_string(tree_size)},
                {"hashes", proof_hashes},
                {"checkpoint", {{"envelope", checkpoint}}}}},
              {"canonicalizedBody", digest::Base64Encode(entry.body)}};
    if (include_set) e["inclusionPromise"] = {{"signedEntryTimestamp", digest::Base64Encode(set)}};
    json ts = json::array();
    for (const auto& t : timestamps) ts.push_back({{"signedTimestamp", digest::Base64Encode(t)}});
    json b = {{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
              {"verificationMaterial",
               {{"certificate", {{"rawBytes", digest::Base64Encode(leaf_der)}}},
                {"tlogEntries", {e}},
                {"timestampVerificationData", {{"rfc3161Timestamps", ts}}}}}};
    if (!payload_type.empty()) {
      b["dsseEnvelope"] = {{"payloadType", payload_type},
                           {"payload", digest::Base64Encode(payload)},
                           {"signatures", {{{"sig", digest::Base64Encode(signature)}}}}};
    } else {
      b["messageSignature"] = {
          {"messageDigest",
           {{"algorithm", "SHA2_256"}, {"digest", digest::Base64Encode(Sha256Raw(artifact))}}},
          {"signature", digest::Base64Encode(signature)}};
    }
    return b.dump();
  }
};

// Logs `body` at index 3 of a 7-leaf shard (global index 1003) with a SET at integrated_time, a
// signed checkpoint, and a timestamp over the signature at ts_time (none when 0).
inline void LogEntry(const Instance& in, SignedBundle& s, const std::string& body,
                     const std::string& kind, int64_t integrated_time, int64_t ts_time) {
  s.entry.body = body;
  s.entry.kind = kind;
  s.entry.version = "0.0.1";
  s.entry.log_id = in.log_id;
  s.entry.log_index = 1003;  // global index; the shard index is 3
  s.entry.integrated_time = integrated_time;
  s.entry.proof = InclusionProof{};
  s.entry.proof->log_index = 3;
  std::vector<std::string> leaves;
  for (int i = 0; i < 7; ++i)
    leaves.push_back(i == 3 ? s.entry.body : "other " + std::to_string(i));
  s.root_hash = Mth(leaves, 0, 7);
  s.proof = Path(leaves, 3, 0, 7);
  s.set = in.log_key.Sign(SetPayload(s.entry));
  std::string note = "rekor.test - 1\n7\n" + digest::Base64Encode(s.root_hash) + "\n";
  s.checkpoint = note + "\n\xE2\x80\x94 rekor.test " +
                 digest::Base64Encode(in.log_id.substr(0, 4) + in.log_key.Sign(note)) + "\n";
  if (ts_time != 0) s.timestamps.push_back(in.Timestamp(s.signature, ts_time));
}

// Signs `artifact` keylessly on the instance: leaf, hashedrekord entry at index 3 of a 7-leaf log
// (SET at integrated_time), checkpoint, and a timestamp at ts_time (none when 0).
// With `sct_key`, the leaf's SCT is signed by that key instead of the CT log's.
inline SignedBundle SignKeyless(const Instance& in, int64_t integrated_time = kT0 + 60,
                                int64_t ts_time = kT0 + 61, const TestKey* sct_key = nullptr) {
  SignedBundle s;
  TestKey key = TestKey::Ecdsa();
  CertPtr leaf = in.Leaf(key, in.identity, sct_key);
  s.leaf_der = Der(leaf.get());
  s.signature = key.Sign(s.artifact);
  nlohmann::json body = {
      {"apiVersion", "0.0.1"},
      {"kind", "hashedrekord"},
      {"spec",
       {{"data", {{"hash", {{"algorithm", "sha256"}, {"value", Hex(Sha256Raw(s.artifact))}}}}},
        {"signature",
         {{"content", digest::Base64Encode(s.signature)},
          {"publicKey", {{"content", digest::Base64Encode(Pem(leaf.get()))}}}}}}}};
  LogEntry(in, s, body.dump(), "hashedrekord", integrated_time, ts_time);
  return s;
}

// A DSSE bundle (in-toto statement about `artifact`) logged as dsse 0.0.1.
inline SignedBundle SignKeylessDsse(const Instance& in, int64_t integrated_time = kT0 + 60,
                                    int64_t ts_time = kT0 + 61) {
  SignedBundle s;
  TestKey key = TestKey::Ecdsa();
  CertPtr leaf = in.Leaf(key, in.identity);
  s.leaf_der = Der(leaf.get());
  s.payload_type = "application/vnd.in-toto+json";
  s.payload =
      R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":")" +
      Hex(Sha256Raw(s.artifact)) +
      R"("}}],"predicateType":"https://example.com/p","predicate":{}})";
  std::string pae = "DSSEv1 " + std::to_string(s.payload_type.size()) + " " + s.payload_type + " " +
                    std::to_string(s.payload.size()) + " " + s.payload;
  s.signature = key.Sign(pae);
  nlohmann::json body = {
      {"apiVersion", "0.0.1"},
      {"kind", "dsse"},
      {"spec",
       {{"envelopeHash", {{"algorithm", "sha256"}, {"value", Hex(Sha256Raw("unused"))}}},
        {"payloadHash", {{"algorithm", "sha256"}, {"value", Hex(Sha256Raw(s.payload))}}},
        {"signatures",
         {{{"signature", digest::Base64Encode(s.signature)},
           {"verifier", digest::Base64Encode(Pem(leaf.get()))}}}}}}};
  LogEntry(in, s, body.dump(), "dsse", integrated_time, ts_time);
  return s;
}

}  // namespace attestfs::sigstore::testing

// Rekor entry bodies written here for every kind CheckRekorBody knows — hashedrekord 0.0.1 and
// 0.0.2 (message and DSSE-over-PAE), dsse 0.0.1 and 0.0.2, intoto 0.0.2 — each accepted for the
// content it records and refused, naming the field, when the signature, the verifier or the
// digest differs.
#include "sigstore/rekor_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "digest/base64.h"
#include "unit/sigstore/test_keys.h"

namespace attestfs::sigstore {
namespace {

using nlohmann::json;
using testing::Sha256Raw;

std::string Hex(const std::string& raw) {
  static const char* k = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += k[c >> 4];
    out += k[c & 15];
  }
  return out;
}

std::string Pem(const std::string& der, const char* label) {
  return std::string("-----BEGIN ") + label + "-----\n" + digest::Base64Encode(der) +
         "\n-----END " + label + "-----\n";
}

TlogEntry Entry(const std::string& kind, const std::string& version, const json& spec) {
  TlogEntry e;
  e.kind = kind;
  e.version = version;
  e.body = json{{"apiVersion", version}, {"kind", kind}, {"spec", spec}}.dump();
  return e;
}

class RekorBodyTest : public ::testing::Test {
 protected:
  RekorBodyTest() {
    env.payload_type = "application/vnd.in-toto+json";
    env.payload = R"({"_type":"https://in-toto.io/Statement/v1"})";
    env.signatures.push_back({"", "dsse-signature"});
    message.signature = "message-signature";
    message.artifact_digest = Sha256Raw("artifact");
    message.verifier_der = "certificate-der";
    dsse = message;
    dsse.signature = "dsse-signature";
    dsse.artifact_digest.clear();
    dsse.dsse = &env;
  }
  void ExpectMismatch(const TlogEntry& e, const SignedContent& c, const std::string& what) {
    Status st = CheckRekorBody(e, c);
    ASSERT_FALSE(st.ok()) << "expected: " << what;
    EXPECT_EQ(st.error().code(), Errc::kVerificationFailed) << st.error().message();
    EXPECT_NE(st.error().message().find(what), std::string::npos) << st.error().message();
  }

  attestation::DsseEnvelope env;
  SignedContent message, dsse;
};

TEST_F(RekorBodyTest, HashedRekordV001) {
  auto spec = [&](const std::string& sig, const std::string& cert, const std::string& digest) {
    return json{{"data", {{"hash", {{"algorithm", "sha256"}, {"value", Hex(digest)}}}}},
                {"signature",
                 {{"content", digest::Base64Encode(sig)},
                  {"publicKey", {{"content", digest::Base64Encode(Pem(cert, "CERTIFICATE"))}}}}}};
  };
  const std::string d = message.artifact_digest;
  EXPECT_TRUE(
      CheckRekorBody(
          Entry("hashedrekord", "0.0.1", spec("message-signature", "certificate-der", d)), message)
          .ok());
  ExpectMismatch(Entry("hashedrekord", "0.0.1", spec("other", "certificate-der", d)), message,
                 "signature");
  ExpectMismatch(Entry("hashedrekord", "0.0.1", spec("message-signature", "other-cert", d)),
                 message, "certificate");
  ExpectMismatch(
      Entry("hashedrekord", "0.0.1", spec("message-signature", "certificate-der", Sha256Raw("x"))),
      message, "digest");
  // The entry's kind must be the body's.
  TlogEntry wrong = Entry("hashedrekord", "0.0.1", spec("message-signature", "certificate-der", d));
  wrong.version = "0.0.2";
  ExpectMismatch(wrong, message, "kindVersion");
}

TEST_F(RekorBodyTest, HashedRekordV002ForMessagesAndDsse) {
  auto spec = [&](const std::string& sig, const std::string& digest, const char* verifier_kind) {
    json verifier = {{"keyDetails", "PKIX_ECDSA_P256_SHA_256"},
                     {verifier_kind, {{"rawBytes", digest::Base64Encode("certificate-der")}}}};
    return json{
        {"hashedRekordV002",
         {{"data", {{"algorithm", "SHA2_256"}, {"digest", digest::Base64Encode(digest)}}},
          {"signature", {{"content", digest::Base64Encode(sig)}, {"verifier", verifier}}}}}};
  };
  EXPECT_TRUE(
      CheckRekorBody(Entry("hashedrekord", "0.0.2",
                           spec("message-signature", message.artifact_digest, "x509Certificate")),
                     message)
          .ok());
  ExpectMismatch(Entry("hashedrekord", "0.0.2",
                       spec("message-signature", message.artifact_digest, "publicKey")),
                 message, "public key");
  // DSSE in Rekor v2: hashedrekord over the PAE.
  std::string pae_digest = Sha256Raw(attestation::PreAuthEncode(env.payload_type, env.payload));
  EXPECT_TRUE(CheckRekorBody(Entry("hashedrekord", "0.0.2",
                                   spec("dsse-signature", pae_digest, "x509Certificate")),
                             dsse)
                  .ok());
  ExpectMismatch(Entry("hashedrekord", "0.0.2",
                       spec("dsse-signature", Sha256Raw(env.payload), "x509Certificate")),
                 dsse, "PAE digest");
}

TEST_F(RekorBodyTest, DsseV001AndV002) {
  auto v1 = [&](const std::string& sig, const std::string& payload) {
    return json{{"payloadHash", {{"algorithm", "sha256"}, {"value", Hex(Sha256Raw(payload))}}},
                {"signatures",
                 {{{"signature", digest::Base64Encode(sig)},
                   {"verifier", digest::Base64Encode(Pem("certificate-der", "CERTIFICATE"))}}}}};
  };
  EXPECT_TRUE(CheckRekorBody(Entry("dsse", "0.0.1", v1("dsse-signature", env.payload)), dsse).ok());
  ExpectMismatch(Entry("dsse", "0.0.1", v1("dsse-signature", "other payload")), dsse,
                 "payload hash");
  ExpectMismatch(Entry("dsse", "0.0.1", v1("other", env.payload)), dsse, "signature");
  ExpectMismatch(Entry("dsse", "0.0.1", v1("dsse-signature", env.payload)), message,
                 "message-signature bundle");
  auto v2 = [&](const std::string& sig) {
    return json{
        {"dsseV002",
         {{"payloadHash",
           {{"algorithm", "SHA2_256"}, {"digest", digest::Base64Encode(Sha256Raw(env.payload))}}},
          {"signatures",
           {{{"content", digest::Base64Encode(sig)},
             {"verifier",
              {{"x509Certificate", {{"rawBytes", digest::Base64Encode("certificate-der")}}}}}}}}}}};
  };
  EXPECT_TRUE(CheckRekorBody(Entry("dsse", "0.0.2", v2("dsse-signature")), dsse).ok());
  ExpectMismatch(Entry("dsse", "0.0.2", v2("other")), dsse, "signature");
}

TEST_F(RekorBodyTest, IntotoV002DoubleEncodesTheSignature) {
  auto spec = [&](const std::string& sig) {
    return json{
        {"content",
         {{"envelope",
           {{"payloadType", env.payload_type},
            {"signatures",
             {{{"sig", digest::Base64Encode(digest::Base64Encode(sig))},
               {"publicKey", digest::Base64Encode(Pem("certificate-der", "CERTIFICATE"))}}}}}},
          {"payloadHash", {{"algorithm", "sha256"}, {"value", Hex(Sha256Raw(env.payload))}}}}}};
  };
  EXPECT_TRUE(CheckRekorBody(Entry("intoto", "0.0.2", spec("dsse-signature")), dsse).ok());
  ExpectMismatch(Entry("intoto", "0.0.2", spec("other")), dsse, "signature");
}

TEST_F(RekorBodyTest, MalformedAndUnknownBodies) {
  TlogEntry e;
  e.kind = "hashedrekord";
  e.version = "0.0.1";
  e.body = "not json";
  EXPECT_EQ(CheckRekorBody(e, message).error().code(), Errc::kMalformed);
  e.body = R"({"apiVersion":"0.0.1","kind":"hashedrekord","spec":{}})";
  EXPECT_EQ(CheckRekorBody(e, message).error().code(), Errc::kMalformed);
  TlogEntry other = Entry("rekord", "0.0.1", json::object());
  EXPECT_EQ(CheckRekorBody(other, message).error().code(), Errc::kUnsupported);
}

}  // namespace
}  // namespace attestfs::sigstore

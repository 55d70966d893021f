// DSSE envelope: PAE bytes (spec vector), JSON codec, sign/verify per key type, and rejection
// of tampered payloads, payload types, swapped signatures and malformed JSON.
#include "attestation/dsse_envelope.h"

#include <gtest/gtest.h>

#include "attestation/statement.h"
#include "digest/base64.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"

namespace attestfs::attestation {
namespace {

using keys::KeySigner;
using keys::KeyTrustPolicy;
using keys::KeyType;
using keys::PrivateKey;

constexpr std::string_view kType = "application/vnd.in-toto+json";
constexpr std::string_view kPayload = R"({"_type":"https://in-toto.io/Statement/v1"})";

KeySigner NewSigner(KeyType type) {
  auto key = PrivateKey::Generate(type);
  EXPECT_TRUE(key.ok());
  return KeySigner(std::move(key).value());
}

TEST(DsseTest, PaeMatchesSpecTestVector) {
  EXPECT_EQ(PreAuthEncode("http://example.com/HelloWorld", "hello world"),
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  EXPECT_EQ(PreAuthEncode("", ""), "DSSEv1 0  0 ");
  EXPECT_EQ(PreAuthEncode(kType, "{}"), "DSSEv1 28 application/vnd.in-toto+json 2 {}");
}

TEST(DsseTest, PaeCountsBytesNotCharacters) {
  std::string body = "\xc3\xa9t\xc3\xa9";  // "été" = 5 bytes
  EXPECT_EQ(PreAuthEncode("t", body), "DSSEv1 1 t 5 " + body);
  std::string with_nul("a\0b", 3);
  EXPECT_EQ(PreAuthEncode("t", with_nul), std::string("DSSEv1 1 t 3 a\0b", 16));
}

// Issue 9 item 11: a payload whose base64 alone is over kMaxDocumentBytes makes an envelope
// that every reader refuses; it is refused before signing, naming the size and the limit.
TEST(DsseTest, SignRefusesPayloadWhoseEnvelopeWouldExceedTheDocumentLimit) {
  KeySigner signer = NewSigner(KeyType::kEd25519);
  const size_t n = kMaxDocumentBytes / 4 * 3 + 1;  // base64: 4 bytes over the limit
  std::string payload(n, 'a');
  auto env = DsseEnvelope::Sign(kType, payload, signer);
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.error().code(), Errc::kTooLarge);
  EXPECT_NE(env.error().message().find(std::to_string(n)), std::string::npos)
      << env.error().message();
  EXPECT_NE(env.error().message().find(std::to_string(kMaxDocumentBytes)), std::string::npos)
      << env.error().message();
  payload.resize(n - 1);  // base64 exactly at the limit: signed
  EXPECT_TRUE(DsseEnvelope::Sign(kType, payload, signer).ok());
}

class DsseKeyTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(DsseKeyTest, SignSerializeParseVerify) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  KeyTrustPolicy trust({key->Public()});
  KeySigner signer(std::move(key).value());
  auto env = DsseEnvelope::Sign(kType, kPayload, signer);
  ASSERT_TRUE(env.ok()) << env.error().message();
  EXPECT_EQ(env->signatures.at(0).keyid, signer.KeyId());
  auto parsed = DsseEnvelope::Parse(env->Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->payload, kPayload);
  EXPECT_EQ(parsed->payload_type, kType);
  auto id = parsed->Verify(trust, {});
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->key_id, signer.KeyId());
}

TEST_P(DsseKeyTest, RejectsTamperedPayloadAndPayloadType) {
  auto key = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(key.ok());
  KeyTrustPolicy trust({key->Public()});
  KeySigner signer(std::move(key).value());
  auto env = DsseEnvelope::Sign(kType, kPayload, signer);
  ASSERT_TRUE(env.ok());
  DsseEnvelope payload_changed = *env;
  payload_changed.payload.back() = ']';
  auto r = payload_changed.Verify(trust, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(r.error().message().find("no signature verified with the given key(s)"),
            std::string::npos);
  DsseEnvelope type_changed = *env;
  type_changed.payload_type = "application/vnd.in-toto+jsom";
  EXPECT_EQ(type_changed.Verify(trust, {}).error().code(), Errc::kVerificationFailed);
}

TEST_P(DsseKeyTest, RejectsWrongKey) {
  KeySigner signer = NewSigner(GetParam());
  auto other = PrivateKey::Generate(GetParam());
  ASSERT_TRUE(other.ok());
  auto env = DsseEnvelope::Sign(kType, kPayload, signer);
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->Verify(KeyTrustPolicy({other->Public()}), {}).error().code(),
            Errc::kVerificationFailed);
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, DsseKeyTest,
                         ::testing::Values(KeyType::kEcdsaP256, KeyType::kEcdsaP384,
                                           KeyType::kEd25519, KeyType::kRsa3072),
                         [](const auto& info) {
                           std::string n(keys::KeyTypeName(info.param));
                           for (char& c : n) c = (c == '-') ? '_' : c;
                           return n;
                         });

TEST(DsseTest, RejectsSignatureSwappedFromAnotherEnvelope) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  KeyTrustPolicy trust({key->Public()});
  KeySigner signer(std::move(key).value());
  auto a = DsseEnvelope::Sign(kType, R"({"a":1})", signer);
  auto b = DsseEnvelope::Sign(kType, R"({"b":2})", signer);
  ASSERT_TRUE(a.ok() && b.ok());
  DsseEnvelope swapped = *a;
  swapped.signatures = b->signatures;
  EXPECT_EQ(swapped.Verify(trust, {}).error().code(), Errc::kVerificationFailed);
}

TEST(DsseTest, AcceptsWhenAnySignatureVerifiesAndIgnoresKeyid) {
  auto k1 = PrivateKey::Generate(KeyType::kEd25519);
  auto k2 = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(k1.ok() && k2.ok());
  KeyTrustPolicy trust({k2->Public()});
  KeySigner s1(std::move(k1).value());
  KeySigner s2(std::move(k2).value());
  auto e1 = DsseEnvelope::Sign(kType, kPayload, s1);
  auto e2 = DsseEnvelope::Sign(kType, kPayload, s2);
  ASSERT_TRUE(e1.ok() && e2.ok());
  DsseEnvelope multi = *e1;
  DsseSignature second = e2->signatures[0];
  second.keyid = s1.KeyId();  // a lying keyid must not matter
  multi.signatures.push_back(second);
  auto id = multi.Verify(trust, {});
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->key_id, s2.KeyId());
  DsseEnvelope none = *e1;
  none.signatures.clear();
  EXPECT_EQ(none.Verify(trust, {}).error().code(), Errc::kVerificationFailed);
}

TEST(DsseTest, SerializesStandardBase64) {
  DsseEnvelope env;
  env.payload_type = "t";
  env.payload = std::string("\xfb\xff\xfe", 3);
  env.signatures.push_back({"k", std::string("\xfb\xef", 2)});
  EXPECT_EQ(env.Serialize(),
            R"({"payload":"+//+","payloadType":"t","signatures":[{"keyid":"k","sig":"++8="}]})");
}

TEST(DsseTest, ParsesUrlSafeAndUnpaddedBase64) {
  auto env =
      DsseEnvelope::Parse(R"({"payload":"-__-","payloadType":"t","signatures":[{"sig":"--8"}]})");
  ASSERT_TRUE(env.ok()) << env.error().message();
  EXPECT_EQ(env->payload, std::string("\xfb\xff\xfe", 3));
  EXPECT_EQ(env->signatures.at(0).sig, std::string("\xfb\xef", 2));
  EXPECT_EQ(env->signatures.at(0).keyid, "");
}

struct MalformedCase {
  const char* json;
  const char* field;  // expected to be named in the message
};

TEST(DsseTest, RejectsMalformedEnvelopesNamingTheField) {
  const MalformedCase cases[] = {
      {R"({"payloadType":"t","signatures":[]})", "payload"},
      {R"({"payload":"","signatures":[]})", "payloadType"},
      {R"({"payload":"","payloadType":"t"})", "signatures"},
      {R"({"payload":"","payloadType":"t","signatures":{}})", "signatures"},
      {R"({"payload":"","payloadType":"t","signatures":[{"keyid":"k"}]})", "sig"},
      {R"({"payload":"","payloadType":"t","signatures":[{"sig":"@@"}]})", "sig"},
      {R"({"payload":"a===","payloadType":"t","signatures":[]})", "payload"},
      {R"({"payload":1,"payloadType":"t","signatures":[]})", "payload"},
      {R"({"payload":"","payloadType":null,"signatures":[]})", "payloadType"},
      {R"({"payload":"","payloadType":"t","signatures":[{"sig":"","keyid":5}]})", "keyid"},
      {R"({"payload":"","payloadType":"t","signatures":["x"]})", "signatures[0]"},
  };
  for (const auto& c : cases) {
    auto r = DsseEnvelope::Parse(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code(), Errc::kMalformed) << c.json;
    EXPECT_NE(r.error().message().find(c.field), std::string::npos)
        << c.json << " -> " << r.error().message();
  }
  for (const char* bad : {"", "null", "[]", "{", "\"x\"", "{\"payload\":\"\"} trailing"}) {
    auto r = DsseEnvelope::Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), Errc::kMalformed) << bad;
  }
}

TEST(DsseTest, AcceptsEmptySignatureListButVerifyFails) {
  auto r = DsseEnvelope::Parse(R"({"payload":"","payloadType":"t","signatures":[]})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->Verify(KeyTrustPolicy({}), {}).ok());
}

TEST(DsseTest, RejectsHugeInput) {
  std::string huge(kMaxDocumentBytes + 1, ' ');
  auto r = DsseEnvelope::Parse(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kTooLarge);
}

// Issue 9 item 6: nesting is refused before a document is built (a DOM costs ~75x the text).
TEST(DsseTest, RefusesDeepNestingBeforeBuildingTheDocument) {
  const std::string deep = R"({"payload":)" + std::string(200, '[') + std::string(200, ']') +
                           R"(,"payloadType":"t","signatures":[]})";
  const std::string open_only(20u << 20, '[');  // 20 MiB of '['
  for (const std::string* text : {&deep, &open_only}) {
    auto r = DsseEnvelope::Parse(*text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), Errc::kMalformed);
    EXPECT_NE(r.error().message().find("JSON nested deeper than 128 levels"), std::string::npos)
        << r.error().message();
  }
}

TEST(DsseTest, RejectsTooManySignatures) {
  std::string json = R"({"payload":"","payloadType":"t","signatures":[)";
  for (int i = 0; i < 100; ++i) json += std::string(i ? "," : "") + R"({"sig":""})";
  json += "]}";
  auto r = DsseEnvelope::Parse(json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kTooLarge);
}

}  // namespace
}  // namespace attestfs::attestation

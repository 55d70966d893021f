// model_signing v0.2.0 compatibility: Python's bytes repr as that release's PAE embedded it, a
// bundle signed over the legacy encoding verifies only for v0.2.0's own predicate (Digests/v0.1),
// a DSSE keyid of null or absent is accepted, and a single-file model's "." resource.
#include <gtest/gtest.h>

#include "attestation/dsse_envelope.h"
#include "attestation/legacy_pae.h"
#include "attestation/predicate_types.h"
#include "attestation/predicates/model_signing.h"
#include "attestation/sigstore_bundle.h"
#include "digest/base64.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"
#include "verify/attested_content.h"
#include "verify/manifest_diff.h"
#include "verify/signed_attestation.h"

namespace attestfs::verify {
namespace {

using attestation::PythonBytesRepr;

constexpr std::string_view kType = "application/vnd.in-toto+json";

TEST(LegacyPaeTest, PythonBytesReprMatchesPython) {
  // Expected values are Python 3's repr(b"...").
  EXPECT_EQ(PythonBytesRepr("abc"), "b'abc'");
  EXPECT_EQ(PythonBytesRepr("{\n  \"a\": 1\t}\r"), "b'{\\n  \"a\": 1\\t}\\r'");
  EXPECT_EQ(PythonBytesRepr("it's"), "b\"it's\"");
  EXPECT_EQ(PythonBytesRepr("'\""), "b'\\'\"'");
  EXPECT_EQ(PythonBytesRepr("a\\b"), "b'a\\\\b'");
  EXPECT_EQ(PythonBytesRepr(std::string("\x00\x1f\x7f\xff", 4)), "b'\\x00\\x1f\\x7f\\xff'");
  EXPECT_EQ(PythonBytesRepr(""), "b''");
}

TEST(LegacyPaeTest, EncodingIsModelSigningV020s) {
  EXPECT_EQ(attestation::ModelSigningV020PreAuthEncode(kType, "{\n}"),
            "DSSEV1 28 application/vnd.in-toto+json 3 b'{\\n}'");
}

std::string StatementJson(std::string_view predicate_type) {
  return std::string(R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"w.bin",)") +
         R"("digest":{"sha256":")" + std::string(64, 'a') + R"("}}],"predicateType":")" +
         std::string(predicate_type) + R"(","predicate":{}})";
}

// A bundle whose one signature is over the legacy encoding, as model_signing v0.2.0 wrote it.
std::string LegacyBundle(const keys::KeySigner& signer, const std::string& payload) {
  attestation::SigstoreBundle b;
  b.material = signer.Material();
  b.envelope.payload_type = std::string(kType);
  b.envelope.payload = payload;
  auto sig = signer.Sign(attestation::ModelSigningV020PreAuthEncode(kType, payload));
  EXPECT_TRUE(sig.ok());
  b.envelope.signatures.push_back({"", *sig});
  return b.Serialize();
}

TEST(LegacyPaeTest, AcceptedOnlyForTheV020Predicate) {
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  keys::KeyTrustPolicy trust({key->Public()});
  keys::KeySigner signer(std::move(key).value());
  auto old = VerifySignedAttestation(
      LegacyBundle(signer, StatementJson(attestation::kModelSigningDigestsV01Predicate)), trust);
  ASSERT_TRUE(old.ok()) << old.error().message();
  EXPECT_NE(old->signer.description.find("v0.2.0"), std::string::npos);
  auto v1 = VerifySignedAttestation(
      LegacyBundle(signer, StatementJson(attestation::kModelSigningPredicate)), trust);
  ASSERT_FALSE(v1.ok());
  EXPECT_EQ(v1.error().code(), Errc::kVerificationFailed);
  auto other = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(other.ok());
  keys::KeyTrustPolicy wrong({other->Public()});
  EXPECT_FALSE(
      VerifySignedAttestation(
          LegacyBundle(signer, StatementJson(attestation::kModelSigningDigestsV01Predicate)), wrong)
          .ok());
}

TEST(DsseKeyidTest, NullOrAbsentKeyidIsAccepted) {
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  keys::KeyTrustPolicy trust({key->Public()});
  keys::KeySigner signer(std::move(key).value());
  const std::string payload = StatementJson("https://example.com/p");
  auto sig = signer.Sign(attestation::PreAuthEncode(kType, payload));
  ASSERT_TRUE(sig.ok());
  const std::string head = R"({"payloadType":"application/vnd.in-toto+json","payload":")" +
                           digest::Base64Encode(payload) + R"(","signatures":[{)";
  const std::string s = R"("sig":")" + digest::Base64Encode(*sig) + "\"";
  for (const std::string& env : {head + R"("keyid":null,)" + s + "}]}", head + s + "}]}"}) {
    auto v = VerifySignedAttestation(env, trust);
    EXPECT_TRUE(v.ok()) << v.error().message();
  }
  auto bad = attestation::DsseEnvelope::Parse(head + R"("keyid":7,)" + s + "}]}");
  EXPECT_FALSE(bad.ok());
}

TEST(SingleFileModelTest, DotResourceStandsForTheOneFileAndNothingElse) {
  const std::string hex(64, 'b');
  const std::string pred = R"({"serialization":{"method":"files","hash_type":"sha256"},)"
                           R"("resources":[{"name":".","algorithm":"sha256","digest":")" +
                           hex + R"("}]})";
  auto p = attestation::predicates::ParseModelSigningPredicate(pred);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_TRUE(p->IsSingleFile());
  const std::string two = R"({"serialization":{"method":"files","hash_type":"sha256"},)"
                          R"("resources":[{"name":".","algorithm":"sha256","digest":")" +
                          hex + R"("},{"name":"x","algorithm":"sha256","digest":")" + hex +
                          R"("}]})";
  EXPECT_FALSE(attestation::predicates::ParseModelSigningPredicate(two).ok());

  AttestedContent want;
  want.detail = AttestedContent::Detail::kDigestsOnly;
  want.single_file = true;
  attestation::FileEntry f;
  f.path = ".";
  f.sha256 = *digest::Digest::FromHex(hex);
  want.manifest.files.push_back(f);
  attestation::FileManifest one;
  f.path = "renamed.bin";
  one.files.push_back(f);
  auto same = CompareContent(want, one, "/nonexistent");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());
  one.files[0].sha256 = *digest::Digest::FromHex(std::string(64, 'c'));
  auto changed = CompareContent(want, one, "/nonexistent");
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->size(), 1u);
  EXPECT_EQ((*changed)[0].path, "renamed.bin");
  attestation::FileManifest dir = one;
  dir.files.push_back(f);
  auto many = CompareContent(want, dir, "/nonexistent");
  ASSERT_TRUE(many.ok());
  ASSERT_EQ(many->size(), 1u);
  EXPECT_NE((*many)[0].detail.find("file:PATH"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::verify

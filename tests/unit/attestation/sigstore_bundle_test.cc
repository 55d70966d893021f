// Sigstore bundle v0.3: round trips with public-key and certificate-chain material, legacy
// media types, single-certificate material, and refusal of malformed or unsupported bundles.
#include "attestation/sigstore_bundle.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "digest/base64.h"
#include "keys/certificate_chain.h"
#include "keys/private_key.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"
#include "unit/keys/test_pki.h"

namespace attestfs::attestation {
namespace {

using keys::KeyType;
using keys::PrivateKey;
using nlohmann::json;

constexpr std::string_view kType = "application/vnd.in-toto+json";
constexpr std::string_view kPayload = R"({"_type":"https://in-toto.io/Statement/v1"})";

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
    ASSERT_TRUE(key.ok());
    pub_pem_ = key->Public().ToPem();
    trust_ = std::make_unique<keys::KeyTrustPolicy>(std::vector<keys::PublicKey>{key->Public()});
    signer_ = std::make_unique<keys::KeySigner>(std::move(key).value());
    auto b = SigstoreBundle::Sign(kType, kPayload, *signer_);
    ASSERT_TRUE(b.ok()) << b.error().message();
    json_ = b->Serialize();
  }
  std::string pub_pem_;
  std::unique_ptr<keys::KeyTrustPolicy> trust_;
  std::unique_ptr<keys::KeySigner> signer_;
  std::string json_;
};

TEST_F(BundleTest, PublicKeyBundleRoundTrip) {
  json j = json::parse(json_);
  EXPECT_EQ(j["mediaType"], kBundleMediaTypeV03);
  EXPECT_EQ(j["verificationMaterial"]["publicKey"]["hint"], signer_->KeyId());
  EXPECT_TRUE(j["verificationMaterial"]["tlogEntries"].is_array());
  EXPECT_TRUE(
      j["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"].is_array());
  EXPECT_EQ(j["dsseEnvelope"]["signatures"][0]["keyid"], signer_->KeyId());
  auto b = SigstoreBundle::Parse(json_);
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_EQ(b->material.key_hint, signer_->KeyId());
  EXPECT_TRUE(b->material.cert_chain_der.empty());
  EXPECT_EQ(b->envelope.payload, kPayload);
  auto id = b->Verify(*trust_);
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->key_id, signer_->KeyId());
  EXPECT_EQ(b->Serialize(), json_);
}

TEST_F(BundleTest, RejectsTamperedPayload) {
  json j = json::parse(json_);
  j["dsseEnvelope"]["payload"] = digest::Base64Encode(R"({"_type":"evil"})");
  auto b = SigstoreBundle::Parse(j.dump());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->Verify(*trust_).error().code(), Errc::kVerificationFailed);
}

TEST_F(BundleTest, AcceptsLegacyMediaTypes) {
  for (const char* mt : {"application/vnd.dev.sigstore.bundle+json;version=0.1",
                         "application/vnd.dev.sigstore.bundle+json;version=0.2",
                         "application/vnd.dev.sigstore.bundle+json;version=0.3"}) {
    json j = json::parse(json_);
    j["mediaType"] = mt;
    auto b = SigstoreBundle::Parse(j.dump());
    ASSERT_TRUE(b.ok()) << mt << ": " << b.error().message();
    EXPECT_EQ(b->media_type, mt);
    EXPECT_TRUE(b->Verify(*trust_).ok());
  }
  json j = json::parse(json_);
  j["mediaType"] = "application/vnd.dev.sigstore.bundle.v9.9+json";
  EXPECT_EQ(SigstoreBundle::Parse(j.dump()).error().code(), Errc::kUnsupported);
}

TEST_F(BundleTest, RefusesTwoSignatures) {
  json j = json::parse(json_);
  j["dsseEnvelope"]["signatures"].push_back(j["dsseEnvelope"]["signatures"][0]);
  auto b = SigstoreBundle::Parse(j.dump());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code(), Errc::kMalformed);
  EXPECT_NE(b.error().message().find("exactly one signature"), std::string::npos);
  j["dsseEnvelope"]["signatures"] = json::array();
  EXPECT_FALSE(SigstoreBundle::Parse(j.dump()).ok());
}

TEST_F(BundleTest, RefusesMessageSignature) {
  json j = json::parse(json_);
  j.erase("dsseEnvelope");
  j["messageSignature"] = {{"messageDigest", {{"algorithm", "SHA2_256"}, {"digest", "AAAA"}}},
                           {"signature", "AAAA"}};
  auto b = SigstoreBundle::Parse(j.dump());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code(), Errc::kUnsupported);
}

TEST_F(BundleTest, RejectsMalformedBundlesNamingTheField) {
  struct Case {
    std::function<void(json&)> mutate;
    const char* needle;
  };
  const Case cases[] = {
      {[](json& j) { j.erase("mediaType"); }, "mediaType"},
      {[](json& j) { j.erase("verificationMaterial"); }, "verificationMaterial"},
      {[](json& j) { j.erase("dsseEnvelope"); }, "dsseEnvelope"},
      {[](json& j) { j["verificationMaterial"].erase("publicKey"); }, "exactly one of"},
      {[](json& j) {
         j["verificationMaterial"]["certificate"] = {{"rawBytes", "AAAA"}};
       },
       "exactly one of"},
      {[](json& j) { j["verificationMaterial"]["publicKey"]["hint"] = 3; }, "hint"},
      {[](json& j) { j["verificationMaterial"]["tlogEntries"] = "x"; }, "tlogEntries"},
      {[](json& j) { j["dsseEnvelope"]["signatures"][0]["sig"] = "!!"; }, "sig"},
      {[](json& j) { j["dsseEnvelope"].erase("payloadType"); }, "payloadType"},
      {[](json& j) {
         j["verificationMaterial"].erase("publicKey");
         j["verificationMaterial"]["x509CertificateChain"] = {{"certificates", json::array()}};
       },
       "certificates"},
      {[](json& j) {
         j["verificationMaterial"].erase("publicKey");
         j["verificationMaterial"]["certificate"] = {{"rawBytes", "%%%"}};
       },
       "rawBytes"},
  };
  for (const auto& c : cases) {
    json j = json::parse(json_);
    c.mutate(j);
    auto b = SigstoreBundle::Parse(j.dump());
    ASSERT_FALSE(b.ok()) << j.dump();
    EXPECT_EQ(b.error().code(), Errc::kMalformed) << b.error().message();
    EXPECT_NE(b.error().message().find(c.needle), std::string::npos) << b.error().message();
  }
  for (const char* bad : {"", "[]", "{\"mediaType\":", "42"}) {
    EXPECT_EQ(SigstoreBundle::Parse(bad).error().code(), Errc::kMalformed) << bad;
  }
}

TEST_F(BundleTest, RejectsHugeInput) {
  std::string huge = "{\"mediaType\":\"" + std::string(kMaxDocumentBytes, 'a') + "\"}";
  EXPECT_EQ(SigstoreBundle::Parse(huge).error().code(), Errc::kTooLarge);
}

TEST_F(BundleTest, RefusesDeepNestingNamingTheLimit) {
  const std::string deep = R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","x":)" +
                           std::string(200, '[') + std::string(200, ']') + "}";
  auto r = SigstoreBundle::Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
  EXPECT_NE(r.error().message().find("nested deeper than 128 levels"), std::string::npos)
      << r.error().message();
}

TEST_F(BundleTest, AcceptsMissingTlogEntries) {
  json j = json::parse(json_);
  j["verificationMaterial"].erase("tlogEntries");
  j["verificationMaterial"].erase("timestampVerificationData");
  auto b = SigstoreBundle::Parse(j.dump());
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_TRUE(b->Verify(*trust_).ok());
}

class BundleChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = PrivateKey::Generate(KeyType::kEd25519);
    ASSERT_TRUE(key.ok());
    auto pem = key->ToPem(std::nullopt);
    ASSERT_TRUE(pem.ok());
    pki_ = testing::MakeTestPki(*pem, "release-bot", "release@example.com");
    auto chain = keys::CertificateChain::FromPem(pki_.chain_pem);
    ASSERT_TRUE(chain.ok());
    auto signer = keys::KeySigner::Create(std::move(key).value(), std::move(chain).value());
    ASSERT_TRUE(signer.ok()) << signer.error().message();
    signer_ = std::make_unique<keys::KeySigner>(std::move(signer).value());
  }
  testing::TestPki pki_;
  std::unique_ptr<keys::KeySigner> signer_;
};

TEST_F(BundleChainTest, CertificateChainBundleRoundTrip) {
  auto signed_bundle = SigstoreBundle::Sign(kType, kPayload, *signer_);
  ASSERT_TRUE(signed_bundle.ok());
  std::string text = signed_bundle->Serialize();
  json j = json::parse(text);
  // v0.3 forbids chains, so a leaf + intermediate bundle uses the v0.2 media type.
  EXPECT_EQ(j["mediaType"], "application/vnd.dev.sigstore.bundle+json;version=0.2");
  ASSERT_EQ(j["verificationMaterial"]["x509CertificateChain"]["certificates"].size(), 2u);
  EXPECT_FALSE(j["verificationMaterial"].contains("publicKey"));
  auto b = SigstoreBundle::Parse(text);
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_EQ(b->material.cert_chain_der, signer_->Material().cert_chain_der);
  auto id = b->Verify(keys::CaTrustPolicy(pki_.root_pem, "release@example.com"));
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->subject, "CN=release-bot,O=attestfs tests");
  EXPECT_FALSE(b->Verify(keys::CaTrustPolicy(pki_.root_pem, "other@example.com")).ok());
  auto other = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(other.ok());
  auto other_pki = testing::MakeTestPki(*other->ToPem(std::nullopt), "x", "release@example.com");
  EXPECT_FALSE(b->Verify(keys::CaTrustPolicy(other_pki.root_pem, "release@example.com")).ok());
}

TEST_F(BundleChainTest, AcceptsSingleCertificateMaterial) {
  auto signed_bundle = SigstoreBundle::Sign(kType, kPayload, *signer_);
  ASSERT_TRUE(signed_bundle.ok());
  json j = json::parse(signed_bundle->Serialize());
  auto leaf_b64 = j["verificationMaterial"]["x509CertificateChain"]["certificates"][0]["rawBytes"];
  j["verificationMaterial"].erase("x509CertificateChain");
  j["verificationMaterial"]["certificate"] = {{"rawBytes", leaf_b64}};
  j["mediaType"] = kBundleMediaTypeV03;
  auto b = SigstoreBundle::Parse(j.dump());
  ASSERT_TRUE(b.ok()) << b.error().message();
  ASSERT_EQ(b->material.cert_chain_der.size(), 1u);
  EXPECT_EQ(b->Serialize(), j.dump());  // a lone leaf is written back as v0.3 "certificate"
  // The leaf alone does not chain to the root without its intermediate.
  EXPECT_FALSE(b->Verify(keys::CaTrustPolicy(pki_.root_pem, "release@example.com")).ok());
  // A policy trusting the intermediate as a root accepts it.
  auto id = b->Verify(keys::CaTrustPolicy(pki_.intermediate_pem, "release@example.com"));
  EXPECT_TRUE(id.ok()) << id.error().message();
}

TEST_F(BundleChainTest, LeafOnlySignerWritesV03Certificate) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  auto pki = testing::MakeTestPki(*key->ToPem(std::nullopt), "solo", "solo@example.com");
  auto leaf = keys::CertificateChain::FromPem(pki.leaf_pem);
  ASSERT_TRUE(leaf.ok());
  auto signer = keys::KeySigner::Create(std::move(key).value(), std::move(leaf).value());
  ASSERT_TRUE(signer.ok());
  auto b = SigstoreBundle::Sign(kType, kPayload, *signer);
  ASSERT_TRUE(b.ok());
  json j = json::parse(b->Serialize());
  EXPECT_EQ(j["mediaType"], kBundleMediaTypeV03);
  EXPECT_TRUE(j["verificationMaterial"].contains("certificate"));
  EXPECT_FALSE(j["verificationMaterial"].contains("x509CertificateChain"));
  auto parsed = SigstoreBundle::Parse(j.dump());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->Verify(keys::CaTrustPolicy(pki.intermediate_pem, "solo@example.com")).ok());
}

TEST_F(BundleChainTest, CaPolicyRejectsPublicKeyBundle) {
  auto key = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  keys::KeySigner plain(std::move(key).value());
  auto b = SigstoreBundle::Sign(kType, kPayload, plain);
  ASSERT_TRUE(b.ok());
  auto r = b->Verify(keys::CaTrustPolicy(pki_.root_pem, "release@example.com"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("no certificate chain"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::attestation

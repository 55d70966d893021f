// CertificateChain, KeySigner and the trust policies against a PKI generated in the test
// (root CA -> intermediate -> leaf with an email SAN).
#include "keys/certificate_chain.h"

#include <gtest/gtest.h>

#include <ctime>

#include "base/clock.h"
#include "keys/signer.h"
#include "keys/trust_policy.h"
#include "unit/keys/test_pki.h"

namespace attestfs::keys {
namespace {

struct Fixture {
  PrivateKey key;
  testing::TestPki pki;
};

Fixture MakeFixture(KeyType type = KeyType::kEcdsaP256, const std::string& root_cn = "Root A",
                    const testing::LeafOptions& leaf = {},
                    const std::string& san_email = "release@example.com") {
  auto key = PrivateKey::Generate(type);
  EXPECT_TRUE(key.ok());
  auto pem = key->ToPem(std::nullopt);
  auto pki = testing::MakeTestPki(*pem, "release-bot", san_email, root_cn, leaf);
  return Fixture{std::move(key).value(), std::move(pki)};
}

Fixture MakeLeafFixture(const testing::LeafOptions& leaf,
                        const std::string& san_email = "release@example.com") {
  return MakeFixture(KeyType::kEcdsaP256, "Root A", leaf, san_email);
}

TEST(CertificateChainTest, ParsesLeafSubjectSansAndIssuer) {
  Fixture f = MakeFixture();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok()) << chain.error().message();
  EXPECT_EQ(chain->LeafSubject(), "CN=release-bot,O=attestfs tests");
  EXPECT_EQ(chain->LeafIssuer(), "CN=Root A intermediate,O=attestfs tests");
  EXPECT_EQ(chain->LeafSans(), std::vector<std::string>{"release@example.com"});
  EXPECT_EQ(chain->ToDer().size(), 2u);
  EXPECT_EQ(chain->LeafPublicKey().KeyId(), f.key.Public().KeyId());
}

TEST(CertificateChainTest, DerRoundTrip) {
  Fixture f = MakeFixture(KeyType::kEd25519);
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto again = CertificateChain::FromDer(chain->ToDer());
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->ToDer(), chain->ToDer());
  EXPECT_EQ(again->LeafPublicKey().type(), KeyType::kEd25519);
}

TEST(CertificateChainTest, VerifiesToItsRoot) {
  Fixture f = MakeFixture();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto st = chain->VerifyTo(f.pki.root_pem);
  EXPECT_TRUE(st.ok()) << st.error().message();
}

TEST(CertificateChainTest, RejectsWrongRoot) {
  Fixture f = MakeFixture();
  Fixture other = MakeFixture(KeyType::kEcdsaP256, "Root A");  // same name, different key
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto st = chain->VerifyTo(other.pki.root_pem);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
}

TEST(CertificateChainTest, RejectsChainMissingIntermediate) {
  Fixture f = MakeFixture();
  auto leaf_only = CertificateChain::FromPem(f.pki.leaf_pem);
  ASSERT_TRUE(leaf_only.ok());
  EXPECT_FALSE(leaf_only->VerifyTo(f.pki.root_pem).ok());
}

TEST(CertificateChainTest, AcceptsPinnedIntermediateAsTrustAnchor) {
  Fixture f = MakeFixture();
  auto leaf_only = CertificateChain::FromPem(f.pki.leaf_pem);
  ASSERT_TRUE(leaf_only.ok());
  auto st = leaf_only->VerifyTo(f.pki.intermediate_pem);
  EXPECT_TRUE(st.ok()) << st.error().message();
}

TEST(CertificateChainTest, RejectsExpiredAtVerificationTime) {
  Fixture f = MakeFixture();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  int64_t year_2000 = 946684800;
  EXPECT_FALSE(chain->VerifyTo(f.pki.root_pem, year_2000).ok());
}

TEST(CertificateChainTest, RejectsGarbageAndEmptyRoots) {
  EXPECT_FALSE(CertificateChain::FromPem("").ok());
  EXPECT_FALSE(
      CertificateChain::FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
          .ok());
  EXPECT_FALSE(CertificateChain::FromDer({}).ok());
  EXPECT_FALSE(CertificateChain::FromDer({"not der"}).ok());
  Fixture f = MakeFixture();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto der = chain->ToDer();
  der[0] += "x";
  EXPECT_EQ(CertificateChain::FromDer(der).error().code(), Errc::kMalformed);
  auto st = chain->VerifyTo("");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kInvalidArgument);
}

TEST(CertificateChainTest, MatchesIdentityBySanAndGlob) {
  Fixture f = MakeFixture();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->MatchesIdentity("release@example.com"));
  EXPECT_TRUE(chain->MatchesIdentity("*@example.com"));
  EXPECT_TRUE(chain->MatchesIdentity("release@*"));
  EXPECT_FALSE(chain->MatchesIdentity("release@example.org"));
  EXPECT_FALSE(chain->MatchesIdentity("*@example.org"));
  EXPECT_FALSE(chain->MatchesIdentity("elease@example.com"));
  EXPECT_FALSE(chain->MatchesIdentity(""));
}

// Issue 9 item 9: --identity matches SANs only (mount.attestfs(8)); the subject DN and CN are
// for a policy's explicit `subject:`.
TEST(CertificateChainTest, IdentityNeverMatchesSubjectOrCommonName) {
  testing::LeafOptions leaf;
  leaf.subject_ou = "x@example.com";
  Fixture f = MakeLeafFixture(leaf, "evil@attacker.org");
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  ASSERT_TRUE(chain->LeafSubject().ends_with("OU=x@example.com")) << chain->LeafSubject();
  EXPECT_FALSE(chain->MatchesIdentity("*@example.com"));
  EXPECT_FALSE(chain->MatchesIdentity("x@example.com"));
  EXPECT_FALSE(chain->MatchesIdentity("*example.com*"));
  EXPECT_FALSE(chain->MatchesIdentity("release-bot"));
  EXPECT_FALSE(chain->MatchesIdentity(chain->LeafSubject()));
  EXPECT_TRUE(chain->MatchesIdentity("evil@attacker.org"));
}

// Issue 9 item 8: a certificate from the same CA made for another purpose does not sign models.
TEST(CertificateChainTest, RefusesLeafWhoseExtendedKeyUsageLacksCodeSigning) {
  testing::LeafOptions leaf;
  leaf.ext_key_usage = "serverAuth";
  Fixture f = MakeLeafFixture(leaf);
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto st = chain->VerifyTo(f.pki.root_pem);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(st.error().message().find("codeSigning"), std::string::npos) << st.error().message();
}

TEST(CertificateChainTest, RefusesLeafWhoseKeyUsageLacksDigitalSignature) {
  testing::LeafOptions leaf;
  leaf.key_usage = "critical,keyEncipherment";
  leaf.ext_key_usage = "codeSigning";
  Fixture f = MakeLeafFixture(leaf);
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto st = chain->VerifyTo(f.pki.root_pem);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(st.error().message().find("digitalSignature"), std::string::npos)
      << st.error().message();
}

TEST(CertificateChainTest, AcceptsCodeSigningLeafAndLeafWithoutUsageExtensions) {
  testing::LeafOptions code_signing;
  code_signing.ext_key_usage = "codeSigning,emailProtection";
  testing::LeafOptions no_extensions;
  no_extensions.key_usage = "";
  for (const auto* leaf : {&code_signing, &no_extensions}) {
    Fixture f = MakeLeafFixture(*leaf);
    auto chain = CertificateChain::FromPem(f.pki.chain_pem);
    ASSERT_TRUE(chain.ok());
    auto st = chain->VerifyTo(f.pki.root_pem);
    EXPECT_TRUE(st.ok()) << st.error().message();
  }
}

TEST(CaPolicyTestPurpose, TlsServerCertificateFromTheSameCaDoesNotSign) {
  testing::LeafOptions leaf;
  leaf.ext_key_usage = "serverAuth";
  Fixture f = MakeLeafFixture(leaf);
  auto sig = f.key.Sign("pae");
  ASSERT_TRUE(sig.ok());
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  VerificationMaterial material{f.key.Public().KeyId(), chain->ToDer()};
  CaTrustPolicy policy(f.pki.root_pem, "release@example.com");
  auto id = policy.VerifySignature("pae", *sig, material);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), Errc::kVerificationFailed);
}

TEST(CaPolicyTestIdentity, SubjectOuDoesNotStandInForTheSan) {
  testing::LeafOptions leaf;
  leaf.subject_ou = "x@example.com";
  Fixture f = MakeLeafFixture(leaf, "evil@attacker.org");
  auto sig = f.key.Sign("pae");
  ASSERT_TRUE(sig.ok());
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  VerificationMaterial material{f.key.Public().KeyId(), chain->ToDer()};
  CaTrustPolicy policy(f.pki.root_pem, "*@example.com");
  auto id = policy.VerifySignature("pae", *sig, material);
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message().find("identity mismatch"), std::string::npos)
      << id.error().message();
}

// Issue 9 item 15: a signer checks its own leaf's validity window and names it.
TEST(CertificateChainTest, LeafValidityWindowIsCheckedAndNamed) {
  testing::LeafOptions expired;
  expired.not_before_offset = -10L * 86400;
  expired.not_after_offset = -86400;
  Fixture f = MakeLeafFixture(expired);
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  EXPECT_NEAR(static_cast<double>(chain->LeafNotAfter()), static_cast<double>(now - 86400), 60);
  auto st = chain->CheckLeafValidAt(now);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(st.error().message().find("(expired): it is valid from "), std::string::npos)
      << st.error().message();
  EXPECT_NE(st.error().message().find(FormatRfc3339(chain->LeafNotAfter())), std::string::npos);
  EXPECT_TRUE(chain->CheckLeafValidAt(now - 2L * 86400).ok());

  testing::LeafOptions future;
  future.not_before_offset = 86400;
  future.not_after_offset = 10L * 86400;
  Fixture g = MakeLeafFixture(future);
  auto later = CertificateChain::FromPem(g.pki.chain_pem);
  ASSERT_TRUE(later.ok());
  auto st2 = later->CheckLeafValidAt(now);
  ASSERT_FALSE(st2.ok());
  EXPECT_NE(st2.error().message().find("(not yet valid)"), std::string::npos)
      << st2.error().message();
}

TEST(KeySignerTest, CreateRefusesChainOfAnotherKey) {
  Fixture f = MakeFixture();
  auto other = PrivateKey::Generate(KeyType::kEcdsaP256);
  ASSERT_TRUE(other.ok());
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto signer = KeySigner::Create(std::move(other).value(), std::move(chain).value());
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.error().code(), Errc::kInvalidArgument);
}

TEST(KeySignerTest, MaterialCarriesHintAndChain) {
  Fixture f = MakeFixture();
  std::string key_id = f.key.Public().KeyId();
  auto chain = CertificateChain::FromPem(f.pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  auto signer = KeySigner::Create(std::move(f.key), std::move(chain).value());
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(signer->KeyId(), key_id);
  EXPECT_EQ(signer->Material().key_hint, key_id);
  EXPECT_EQ(signer->Material().cert_chain_der.size(), 2u);
  auto plain = PrivateKey::Generate(KeyType::kEd25519);
  ASSERT_TRUE(plain.ok());
  KeySigner plain_signer(std::move(plain).value());
  EXPECT_TRUE(plain_signer.Material().cert_chain_der.empty());
}

TEST(TrustPolicyTest, KeyPolicyTriesEveryKeyAndIgnoresHint) {
  auto a = PrivateKey::Generate(KeyType::kEcdsaP256);
  auto b = PrivateKey::Generate(KeyType::kEd25519);
  ASSERT_TRUE(a.ok() && b.ok());
  auto sig = b->Sign("pae");
  ASSERT_TRUE(sig.ok());
  KeyTrustPolicy policy({a->Public(), b->Public()});
  VerificationMaterial misleading{a->Public().KeyId(), {}};
  auto id = policy.VerifySignature("pae", *sig, misleading);
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->key_id, b->Public().KeyId());
  EXPECT_EQ(id->description, "key " + b->Public().KeyId());

  KeyTrustPolicy only_a({a->Public()});
  auto bad = only_a.VerifySignature("pae", *sig, VerificationMaterial{b->Public().KeyId(), {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
  EXPECT_FALSE(KeyTrustPolicy({}).VerifySignature("pae", *sig, {}).ok());
}

class CaPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f_ = std::make_unique<Fixture>(MakeFixture());
    auto sig = f_->key.Sign("pae");
    ASSERT_TRUE(sig.ok());
    sig_ = *sig;
    auto chain = CertificateChain::FromPem(f_->pki.chain_pem);
    ASSERT_TRUE(chain.ok());
    material_.key_hint = f_->key.Public().KeyId();
    material_.cert_chain_der = chain->ToDer();
  }
  std::unique_ptr<Fixture> f_;
  std::string sig_;
  VerificationMaterial material_;
};

TEST_F(CaPolicyTest, AcceptsChainToRootWithMatchingIdentity) {
  CaTrustPolicy policy(f_->pki.root_pem, "release@example.com");
  auto id = policy.VerifySignature("pae", sig_, material_);
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->subject, "CN=release-bot,O=attestfs tests");
  EXPECT_EQ(id->sans, std::vector<std::string>{"release@example.com"});
  EXPECT_EQ(id->key_id, f_->key.Public().KeyId());
}

TEST_F(CaPolicyTest, RejectsWrongIdentity) {
  CaTrustPolicy policy(f_->pki.root_pem, "attacker@example.com");
  auto id = policy.VerifySignature("pae", sig_, material_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(id.error().message().find("identity mismatch"), std::string::npos);
}

TEST_F(CaPolicyTest, RejectsWrongRoot) {
  Fixture other = MakeFixture();
  CaTrustPolicy policy(other.pki.root_pem, "release@example.com");
  auto id = policy.VerifySignature("pae", sig_, material_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), Errc::kVerificationFailed);
}

TEST_F(CaPolicyTest, RejectsMissingChain) {
  CaTrustPolicy policy(f_->pki.root_pem, "release@example.com");
  auto id = policy.VerifySignature("pae", sig_, VerificationMaterial{material_.key_hint, {}});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(id.error().message().find("no certificate chain"), std::string::npos);
}

TEST_F(CaPolicyTest, RejectsTamperedMessage) {
  CaTrustPolicy policy(f_->pki.root_pem, "release@example.com");
  auto id = policy.VerifySignature("pae!", sig_, material_);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code(), Errc::kVerificationFailed);
}

}  // namespace
}  // namespace attestfs::keys

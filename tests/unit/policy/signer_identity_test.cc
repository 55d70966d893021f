// signer-identity and PolicyTrust: signatures made with real keys and certificate chains,
// verified through the policy's own trust, then evaluated.
#include <gtest/gtest.h>

#include "keys/certificate_chain.h"
#include "policy/policy_trust.h"
#include "policy/report.h"
#include "policy_test_util.h"
#include "unit/keys/test_pki.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

struct Signed {
  std::string message;
  std::string signature;
  keys::VerificationMaterial material;
};

Signed SignStatement(const keys::PrivateKey& key, const attestation::Statement& st,
                     const std::vector<std::string>& chain_der = {}) {
  Signed s;
  s.message = st.Serialize();
  auto sig = key.Sign(s.message);
  EXPECT_TRUE(sig.ok());
  s.signature = sig.ok() ? *sig : "";
  s.material.key_hint = key.Public().KeyId();
  s.material.cert_chain_der = chain_der;
  return s;
}

// What verify does: verify with the trust in effect, record the outcome as evidence.
EvidenceItem Verify(const keys::TrustPolicy& trust, const attestation::Statement& st,
                    const Signed& s) {
  EvidenceItem item;
  item.statement = st;
  item.digest = digest::Sha256(s.message + s.signature).ToString();
  auto id = trust.VerifySignature(s.message, s.signature, s.material);
  item.signature_verified = id.ok();
  if (id.ok()) item.signer = *id;
  item.cert_chain_der = s.material.cert_chain_der;
  return item;
}

class SignerIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
    auto b = keys::PrivateKey::Generate(keys::KeyType::kEd25519);
    ASSERT_TRUE(a.ok() && b.ok());
    release_ = std::make_unique<keys::PrivateKey>(std::move(*a));
    other_ = std::make_unique<keys::PrivateKey>(std::move(*b));
    dir_.Write("release.pub", release_->Public().ToPem());
  }
  PolicyFile Policy(const std::string& rules_yaml) {
    auto p = PolicyFile::Parse("policies:\n  - name: p\n    rules:\n" + rules_yaml, "p.yaml",
                               dir_.path());
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message());
    return std::move(*p);
  }

  TempDir dir_;
  std::unique_ptr<keys::PrivateKey> release_;
  std::unique_ptr<keys::PrivateKey> other_;
};

const char* kKeyRules = R"(      - name: signed-by-release-team
        uses: signer-identity
        with: { keys: [release.pub] }
      - name: model-license
        uses: license-allowlist
        with: { allow: [MIT] }
)";

TEST_F(SignerIdentityTest, PolicyTrustVerifiesTheReleaseKeyAndPasses) {
  PolicyFile p = Policy(kKeyRules);
  auto trust = p.TrustFromPolicy();
  ASSERT_TRUE(trust.ok()) << trust.error().message();
  auto st = BomStatement("mit");
  EvidenceItem item = Verify(**trust, st, SignStatement(*release_, st));
  ASSERT_TRUE(item.signature_verified);
  EXPECT_EQ(item.signer.key_id, release_->Public().KeyId());
  Decision d = Eval(p, {item});
  EXPECT_TRUE(d.ok) << RenderText(d);
  EXPECT_EQ(d.results[0].outcome, Outcome::kPass);
  EXPECT_NE(d.results[0].reason.find(release_->Public().KeyId()), std::string::npos);
}

TEST_F(SignerIdentityTest, EvidenceSignedByAnotherKeyIsIgnoredBySignedRules) {
  PolicyFile p = Policy(kKeyRules);
  auto trust = p.TrustFromPolicy();
  ASSERT_TRUE(trust.ok());
  auto st = BomStatement("mit");
  EvidenceItem item = Verify(**trust, st, SignStatement(*other_, st));
  EXPECT_FALSE(item.signature_verified);
  Decision d = Eval(p, {item});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.results[0].outcome, Outcome::kFail);  // signer-identity: nothing verified
  EXPECT_EQ(d.results[1].outcome, Outcome::kFail);  // license: the MIT BOM is not trusted
  EXPECT_NE(d.results[1].reason.find("no signed"), std::string::npos) << d.results[1].reason;
}

TEST_F(SignerIdentityTest, SignerVerifiedByOtherTrustButNotInRuleFails) {
  // `verify --key other.pub --policy p.yaml`: the signature verifies under --key, but the
  // rule wants the release key.
  PolicyFile p = Policy(kKeyRules);
  keys::KeyTrustPolicy cli_trust({other_->Public()});
  auto st = BomStatement("mit");
  Signed s = SignStatement(*other_, st);
  EvidenceItem item;
  item.statement = st;
  item.digest = digest::Sha256(s.message).ToString();
  item.signature_verified = true;
  item.signer.key_id = other_->Public().KeyId();
  item.signer.description = "key " + item.signer.key_id;
  Decision d = Eval(p, {item});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.results[0].outcome, Outcome::kFail);
  EXPECT_NE(d.results[0].reason.find(other_->Public().KeyId()), std::string::npos)
      << d.results[0].reason;
  EXPECT_EQ(d.results[1].outcome, Outcome::kPass);  // the license rule only needs a verified BOM
}

TEST_F(SignerIdentityTest, TrustFromPolicyNeedsASignerIdentityRule) {
  PolicyFile p = Policy("      - name: m\n        uses: max-age\n        with: {max: 1d}\n");
  EXPECT_FALSE(p.HasSignerIdentity());
  auto t = p.TrustFromPolicy();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), Errc::kUsage);
}

TEST_F(SignerIdentityTest, CertificateIdentityFromCaRootsIsMatchedByGlobs) {
  auto pem = release_->ToPem(std::nullopt);
  ASSERT_TRUE(pem.ok());
  auto pki = attestfs::testing::MakeTestPki(*pem, "release-bot", "release@example.com");
  dir_.Write("roots.pem", pki.root_pem);
  auto chain = keys::CertificateChain::FromPem(pki.chain_pem);
  ASSERT_TRUE(chain.ok());
  const auto der = chain->ToDer();
  PolicyFile good = Policy(R"(      - name: release-cert
        uses: signer-identity
        with:
          ca-roots: roots.pem
          san: ['*@example.com']
          subject: ['*CN=release-bot*']
)");
  auto trust = good.TrustFromPolicy();
  ASSERT_TRUE(trust.ok());
  auto st = BomStatement("mit");
  EvidenceItem item = Verify(**trust, st, SignStatement(*release_, st, der));
  ASSERT_TRUE(item.signature_verified);
  EXPECT_FALSE(item.signer.subject.empty());
  Decision d = Eval(good, {item});
  EXPECT_TRUE(d.ok) << d.results[0].reason;

  PolicyFile wrong_san = Policy(R"(      - name: release-cert
        uses: signer-identity
        with: { ca-roots: roots.pem, san: ['*@other.org'] }
)");
  Decision d2 = Eval(wrong_san, {item});
  EXPECT_FALSE(d2.ok);
  EXPECT_NE(d2.results[0].reason.find("release@example.com"), std::string::npos)
      << d2.results[0].reason;
  auto t2 = wrong_san.TrustFromPolicy();
  ASSERT_TRUE(t2.ok());
  EXPECT_FALSE(Verify(**t2, st, SignStatement(*release_, st, der)).signature_verified);

  // A chain from another CA is refused by both the trust and the rule.
  auto other_pki =
      attestfs::testing::MakeTestPki(*pem, "release-bot", "release@example.com", "rogue root");
  auto rogue = keys::CertificateChain::FromPem(other_pki.chain_pem);
  ASSERT_TRUE(rogue.ok());
  EXPECT_FALSE(
      Verify(**trust, st, SignStatement(*release_, st, rogue->ToDer())).signature_verified);
  EvidenceItem rogue_item = item;
  rogue_item.cert_chain_der = rogue->ToDer();
  EXPECT_FALSE(Eval(good, {rogue_item}).ok);
}

}  // namespace
}  // namespace attestfs::policy

// signer-identity with trusted-root (Sigstore keyless): a DSSE bundle from the test Sigstore
// instance (tests/unit/sigstore/test_instance.h) verifies through the policy's own trust and
// passes the rule by exact and regexp identity; another identity fails; a keyless rule needs an
// issuer, and regexps need trusted-root.
#include <gtest/gtest.h>

#include "attestation/sigstore_bundle.h"
#include "policy/policy_trust.h"
#include "policy/report.h"
#include "policy_test_util.h"
#include "unit/sigstore/test_instance.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

class KeylessSignerIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_.Write("root.json", in_.TrustedRootJson()); }
  Result<PolicyFile> Policy(const std::string& with) {
    return PolicyFile::Parse(
        "policies:\n  - name: p\n    rules:\n      - name: keyless\n"
        "        uses: signer-identity\n        with: " +
            with + "\n",
        "p.yaml", dir_.path());
  }
  // What verify does with a bundle: verify under the trust in effect, keep the bundle.
  EvidenceItem Verify(const keys::TrustPolicy& trust, const std::string& bundle_json) {
    auto b = attestation::SigstoreBundle::Parse(bundle_json);
    EXPECT_TRUE(b.ok());
    EvidenceItem item;
    auto st = attestation::Statement::Parse(b->envelope.payload);
    EXPECT_TRUE(st.ok()) << st.error().message();
    if (st.ok()) item.statement = *st;
    item.digest = digest::Sha256(bundle_json).ToString();
    auto id = b->Verify(trust);
    item.signature_verified = id.ok();
    if (id.ok()) item.signer = *id;
    item.cert_chain_der = b->material.cert_chain_der;
    item.container_json = b->material.container_json;
    return item;
  }

  sigstore::testing::Instance in_;
  TempDir dir_;
};

TEST_F(KeylessSignerIdentityTest, PolicyTrustVerifiesKeylessBundles) {
  std::string bundle = sigstore::testing::SignKeylessDsse(in_).Json();
  for (const std::string& with :
       {"{ trusted-root: root.json, san: " + in_.identity + ", issuer: " + in_.issuer + " }",
        std::string(R"({ trusted-root: root.json, san-regexp: 'https://example\.com/.*', )"
                    R"(issuer-regexp: 'https://issuer\.example' })")}) {
    auto p = Policy(with);
    ASSERT_TRUE(p.ok()) << p.error().message();
    auto trust = p->TrustFromPolicy();
    ASSERT_TRUE(trust.ok()) << trust.error().message();
    EvidenceItem item = Verify(**trust, bundle);
    ASSERT_TRUE(item.signature_verified) << with;
    Decision d = Eval(*p, {item});
    EXPECT_TRUE(d.ok) << d.results[0].reason;
  }
}

TEST_F(KeylessSignerIdentityTest, AnotherIdentityFails) {
  std::string bundle = sigstore::testing::SignKeylessDsse(in_).Json();
  auto p = Policy(
      "{ trusted-root: root.json, san: https://example.com/other, issuer: " + in_.issuer + " }");
  ASSERT_TRUE(p.ok()) << p.error().message();
  auto trust = p->TrustFromPolicy();
  ASSERT_TRUE(trust.ok());
  EvidenceItem item = Verify(**trust, bundle);
  EXPECT_FALSE(item.signature_verified);
  // Verified by other trust (the right identity), the rule still re-checks its own identity.
  auto right =
      Policy("{ trusted-root: root.json, san: " + in_.identity + ", issuer: " + in_.issuer + " }");
  ASSERT_TRUE(right.ok());
  auto right_trust = right->TrustFromPolicy();
  ASSERT_TRUE(right_trust.ok());
  EvidenceItem verified = Verify(**right_trust, bundle);
  ASSERT_TRUE(verified.signature_verified);
  Decision d = Eval(*p, {verified});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("certificate identity"), std::string::npos)
      << d.results[0].reason;
}

TEST_F(KeylessSignerIdentityTest, RuleShapeErrors) {
  EXPECT_FALSE(Policy("{ trusted-root: root.json, san: a@example.com }").ok());
  EXPECT_FALSE(Policy("{ trusted-root: missing.json, san: a, issuer: b }").ok());
  EXPECT_FALSE(Policy("{ ca-roots: root.json, san-regexp: '.*', issuer: b }").ok());
  EXPECT_FALSE(Policy("{ trusted-root: root.json, ca-roots: root.json, san: a, issuer: b }").ok());
}

}  // namespace
}  // namespace attestfs::policy

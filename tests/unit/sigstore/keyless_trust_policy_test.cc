// KeylessTrustPolicy through attestfs's own bundle codec (attestation::SigstoreBundle): a DSSE
// bundle from the test instance verifies by identity and issuer and names its signer; another
// identity, a changed payload, a bare envelope (no container) and a public-key bundle do not.
#include "sigstore/keyless_trust_policy.h"

#include <gtest/gtest.h>

#include "attestation/sigstore_bundle.h"
#include "unit/sigstore/test_instance.h"

namespace attestfs::sigstore {
namespace {

using testing::Instance;
using testing::kT0;

struct FixedClock final : Clock {
  int64_t NowUnixSeconds() const override { return kT0 + 86400; }
};

KeylessTrustPolicy Policy(const Instance& in, const std::string& identity) {
  return KeylessTrustPolicy(TrustedRoot::Parse(in.TrustedRootJson()).value(),
                            CertificateIdentity::Create({identity, "", in.issuer, ""}).value(),
                            std::make_shared<FixedClock>());
}

TEST(KeylessTrustPolicyTest, VerifiesADsseBundleByIdentity) {
  Instance in;
  auto bundle = attestation::SigstoreBundle::Parse(testing::SignKeylessDsse(in).Json());
  ASSERT_TRUE(bundle.ok()) << bundle.error().message();
  auto id = bundle->Verify(Policy(in, in.identity));
  ASSERT_TRUE(id.ok()) << id.error().message();
  EXPECT_EQ(id->sans, std::vector<std::string>{in.identity});
  EXPECT_EQ(id->issuer, in.issuer);
  EXPECT_EQ(id->description, "keyless " + in.identity + " (issuer " + in.issuer + ")");

  auto other = bundle->Verify(Policy(in, "https://example.com/other"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message().find("certificate identity"), std::string::npos);
}

TEST(KeylessTrustPolicyTest, RefusesChangedPayloadAndBareEnvelopes) {
  Instance in;
  testing::SignedBundle s = testing::SignKeylessDsse(in);
  s.payload[s.payload.size() - 3] = ' ';
  auto changed = attestation::SigstoreBundle::Parse(s.Json());
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->Verify(Policy(in, in.identity)).ok());

  auto bundle = attestation::SigstoreBundle::Parse(testing::SignKeylessDsse(in).Json());
  ASSERT_TRUE(bundle.ok());
  keys::VerificationMaterial bare = bundle->material;
  bare.container_json.clear();
  auto r = bundle->envelope.Verify(Policy(in, in.identity), bare);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("Sigstore bundle is needed"), std::string::npos);
}

TEST(KeylessTrustPolicyTest, RefusesASignatureThatIsNotTheBundles) {
  Instance in;
  auto bundle = attestation::SigstoreBundle::Parse(testing::SignKeylessDsse(in).Json());
  ASSERT_TRUE(bundle.ok());
  auto policy = Policy(in, in.identity);
  auto r = policy.VerifySignature("DSSEv1 1 x 1 y", bundle->envelope.signatures[0].sig,
                                  bundle->material);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("not the one the bundle carries"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::sigstore

// The whole keyless check on bundles from a test Sigstore instance (test_instance.h): the happy
// path by artefact and by digest, and one rejection per step, each naming that step — tampered
// SET, checkpoint and proof, another instance, times outside the certificate, the log's, the
// TSA's and the CA's windows (ends inclusive), a missing signing time, an untrusted SCT, and
// another identity.
#include "sigstore/bundle_verifier.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "unit/sigstore/test_instance.h"

namespace attestfs::sigstore {
namespace {

using testing::Instance;
using testing::kT0;
using testing::SignedBundle;
using testing::SignKeyless;

class BundleVerifierTest : public ::testing::Test {
 protected:
  Result<VerifiedBundle> Verify(const SignedBundle& s, const std::string& root_json,
                                bool digest_only = false, int64_t now = kT0 + 86400) {
    auto bundle = Bundle::Parse(s.Json());
    if (!bundle.ok()) return bundle.error();
    auto root = TrustedRoot::Parse(root_json);
    if (!root.ok()) return root.error();
    auto identity = CertificateIdentity::Create({in.identity, "", in.issuer, ""});
    VerifyOptions o;
    o.root = &*root;
    o.identity = &*identity;
    o.now = now;
    Artifact a;
    if (digest_only) {
      a.sha256 = testing::Sha256Raw(s.artifact);
    } else {
      a.bytes = s.artifact;
    }
    return VerifyBundle(*bundle, a, o);
  }
  void ExpectRefused(const Result<VerifiedBundle>& r, const std::string& step) {
    ASSERT_FALSE(r.ok()) << "expected a refusal at: " << step;
    EXPECT_NE(r.error().message().find(step), std::string::npos) << r.error().message();
  }

  Instance in;
};

TEST_F(BundleVerifierTest, VerifiesByArtifactAndByDigest) {
  SignedBundle s = SignKeyless(in);
  auto r = Verify(s, in.TrustedRootJson());
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->sans, std::vector<std::string>{in.identity});
  EXPECT_EQ(r->issuer, in.issuer);
  EXPECT_EQ(r->verified_times.size(), 2u);  // SET + timestamp
  auto d = Verify(s, in.TrustedRootJson(), /*digest_only=*/true);
  EXPECT_TRUE(d.ok()) << d.error().message();
}

TEST_F(BundleVerifierTest, RefusesAnotherIdentityOrArtifact) {
  SignedBundle s = SignKeyless(in);
  in.identity = "https://example.com/someone-else";
  ExpectRefused(Verify(s, in.TrustedRootJson()), "certificate identity");
  in.identity = "https://example.com/signer";
  s.artifact += "x";
  ExpectRefused(Verify(s, in.TrustedRootJson()), "signature");
}

TEST_F(BundleVerifierTest, RefusesTamperedLogEvidence) {
  SignedBundle s = SignKeyless(in);
  SignedBundle bad_set = s;
  bad_set.set[bad_set.set.size() / 2] ^= 1;
  ExpectRefused(Verify(bad_set, in.TrustedRootJson()), "inclusion promise");
  SignedBundle bad_proof = s;
  bad_proof.proof[0][5] ^= 1;
  ExpectRefused(Verify(bad_proof, in.TrustedRootJson()), "inclusion proof: computed root");
  SignedBundle bad_cp = s;
  size_t sig_at = bad_cp.checkpoint.rfind(' ') + 10;
  bad_cp.checkpoint[sig_at] = bad_cp.checkpoint[sig_at] == 'A' ? 'B' : 'A';
  ExpectRefused(Verify(bad_cp, in.TrustedRootJson()), "checkpoint");
  SignedBundle bad_body = s;
  bad_body.entry.body[bad_body.entry.body.size() - 3] ^= 1;
  EXPECT_FALSE(Verify(bad_body, in.TrustedRootJson()).ok());
}

TEST_F(BundleVerifierTest, RefusesAnotherInstance) {
  SignedBundle s = SignKeyless(in);
  Instance other;
  ExpectRefused(Verify(s, other.TrustedRootJson()), "not in the trusted root");
}

TEST_F(BundleVerifierTest, EveryVerifiedTimeMustFallInsideTheCertificate) {
  ExpectRefused(Verify(SignKeyless(in, kT0 + 3600, 0), in.TrustedRootJson()),
                "outside the certificate's validity");
  ExpectRefused(Verify(SignKeyless(in, kT0 + 60, kT0 + 3600), in.TrustedRootJson()),
                "outside the certificate's validity");
  // The leaf's ends are inclusive.
  auto edge = Verify(SignKeyless(in, kT0 + 600, kT0), in.TrustedRootJson());
  EXPECT_TRUE(edge.ok()) << edge.error().message();
}

TEST_F(BundleVerifierTest, IntegratedTimeInTheFutureIsRefused) {
  ExpectRefused(Verify(SignKeyless(in), in.TrustedRootJson(), false, kT0 - 3600), "in the future");
}

TEST_F(BundleVerifierTest, NeedsAVerifiedTime) {
  SignedBundle s = SignKeyless(in, kT0 + 60, 0);
  s.include_set = false;
  ExpectRefused(Verify(s, in.TrustedRootJson()), "no verified signing time");
  SignedBundle with_ts = SignKeyless(in);
  with_ts.include_set = false;  // a timestamp alone suffices (as for Rekor v2)
  EXPECT_TRUE(Verify(with_ts, in.TrustedRootJson()).ok());
}

TEST_F(BundleVerifierTest, TrustRootWindowsAreInclusive) {
  SignedBundle s = SignKeyless(in, kT0 + 60, kT0 + 61);
  auto window = [](int64_t start, int64_t end) {
    return R"({"start":")" + FormatRfc3339(start) + R"(","end":")" + FormatRfc3339(end) + R"("})";
  };
  std::string open = R"({"start":"2020-01-01T00:00:00Z"})";
  EXPECT_TRUE(Verify(s, in.TrustedRootJson(window(kT0, kT0 + 60), open)).ok());
  ExpectRefused(Verify(s, in.TrustedRootJson(window(kT0, kT0 + 59), open)),
                "outside the log's validity");
  EXPECT_TRUE(Verify(s, in.TrustedRootJson(open, window(kT0, kT0 + 61))).ok());
  ExpectRefused(Verify(s, in.TrustedRootJson(open, window(kT0, kT0 + 60))), "timestamp");
  ExpectRefused(Verify(s, in.TrustedRootJson(open, open, window(kT0 + 61, kT0 + 900))),
                "certificate chain");
}

TEST_F(BundleVerifierTest, RefusesTimestampOverOtherData) {
  SignedBundle s = SignKeyless(in);
  s.timestamps[0] = in.Timestamp("other signature", kT0 + 61);
  ExpectRefused(Verify(s, in.TrustedRootJson()), "timestamp");
}

TEST_F(BundleVerifierTest, RefusesAnSctFromAnUntrustedLog) {
  testing::TestKey rogue = testing::TestKey::Ecdsa();
  ExpectRefused(Verify(SignKeyless(in, kT0 + 60, kT0 + 61, &rogue), in.TrustedRootJson()), "SCT");
}

}  // namespace
}  // namespace attestfs::sigstore

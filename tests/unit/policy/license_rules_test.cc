// license-allowlist / license-denylist over CycloneDX ML-BOMs written by attestfs' sbom module.
#include <gtest/gtest.h>

#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

TEST(LicenseAllowlistTest, MitModelPassesMitAllowlist) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT, Apache-2.0] }"));
  Decision d = Eval(p, {Verified(BomStatement("mit"))});
  ASSERT_EQ(d.results.size(), 1u);
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.results[0].outcome, Outcome::kPass) << d.results[0].reason;
  EXPECT_NE(d.results[0].reason.find("MIT"), std::string::npos);
  EXPECT_EQ(d.results[0].evidence_digest.rfind("sha256:", 0), 0u);
}

TEST(LicenseAllowlistTest, Gpl3ModelFailsWithLicenseNamed) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT, Apache-2.0] }"));
  Decision d = Eval(p, {Verified(BomStatement("gpl-3.0"))});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.results[0].outcome, Outcome::kFail);
  EXPECT_NE(d.results[0].reason.find("GPL-3.0-only"), std::string::npos) << d.results[0].reason;
  EXPECT_NE(d.results[0].reason.find("tiny-model"), std::string::npos) << d.results[0].reason;
}

TEST(LicenseAllowlistTest, WarningLevelWarnsInsteadOfFailing) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }", "        level: warning\n"));
  Decision d = Eval(p, {Verified(BomStatement("apache-2.0"))});
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.results[0].outcome, Outcome::kWarn);
}

TEST(LicenseAllowlistTest, UnsignedBomIsIgnoredSoTheRuleFails) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  Decision d = Eval(p, {Unverified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("no signed"), std::string::npos) << d.results[0].reason;
}

TEST(LicenseAllowlistTest, SignedFalseAcceptsUnverifiedEvidence) {
  auto p = MustParse(
      OneRule("license-allowlist", "{ allow: [MIT] }", "        evidence: { signed: false }\n"));
  Decision d = Eval(p, {Unverified(BomStatement("mit"))});
  EXPECT_TRUE(d.ok) << d.results[0].reason;
}

TEST(LicenseAllowlistTest, NewestBomDecides) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  Decision d = Eval(p, {Verified(BomStatement("mit", SafeModel(), kNow - 10 * kDay)),
                        Verified(BomStatement("gpl-3.0", SafeModel(), kNow - kDay))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("GPL-3.0"), std::string::npos);
}

TEST(LicenseAllowlistTest, MissingLicenseFailsUnlessUnknownPass) {
  // A card without a license: the model component has no licenses[].
  sbom::BomContext ctx;
  ctx.kind = sbom::BomContext::Kind::kModel;
  ctx.name = "tiny-model";
  ctx.readme_text = "# no front matter\n";
  ctx.created_unix = kNow;
  auto bom = sbom::BuildCycloneDx(SafeModel(), ctx);
  ASSERT_TRUE(bom.ok());
  auto st = StatementFor(std::string(attestation::kCycloneDxPredicate), *bom, kNow);
  auto strict = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  Decision d = Eval(strict, {Verified(st)});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("no license"), std::string::npos) << d.results[0].reason;
  auto lenient = MustParse(OneRule("license-allowlist", "{ allow: [MIT], unknown: pass }"));
  EXPECT_TRUE(Eval(lenient, {Verified(st)}).ok);
}

TEST(LicenseAllowlistTest, DatasetLicensesAreChecked) {
  // A third-party BOM with a model and a dataset component, one with an expression.
  const std::string bom = R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"component":{"type":"machine-learning-model","name":"m",
      "licenses":[{"expression":"Apache-2.0 OR GPL-3.0-only"}]}},
    "components":[{"type":"data","name":"corpus","licenses":[{"license":{"id":"CC-BY-NC-4.0"}}]}]})";
  auto st = StatementFor(std::string(attestation::kCycloneDxPredicate) + "/v1.6", bom, kNow);
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [Apache-2.0, MIT] }"));
  Decision d = Eval(p, {Verified(st)});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("dataset 'corpus'"), std::string::npos) << d.results[0].reason;
  EXPECT_NE(d.results[0].reason.find("CC-BY-NC-4.0"), std::string::npos);
  auto p2 = MustParse(OneRule("license-allowlist", "{ allow: [Apache-2.0, CC-BY-NC-4.0] }"));
  EXPECT_TRUE(Eval(p2, {Verified(st)}).ok);
}

TEST(LicenseAllowlistTest, HuggingFaceNameIsMappedToSpdx) {
  const std::string bom = R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"component":{"type":"machine-learning-model","name":"m",
      "licenses":[{"license":{"name":"apache-2.0"}}]}}})";
  auto st = StatementFor(std::string(attestation::kCycloneDxPredicate), bom, kNow);
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [Apache-2.0] }"));
  EXPECT_TRUE(Eval(p, {Verified(st)}).ok);
}

TEST(LicenseAllowlistTest, MalformedBomFails) {
  auto st = StatementFor(std::string(attestation::kCycloneDxPredicate), R"({"not":"a bom"})", kNow);
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  Decision d = Eval(p, {Verified(st)});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("CycloneDX"), std::string::npos);
}

TEST(LicenseDenylistTest, DeniedLicenseFailsAndOthersPass) {
  auto p = MustParse(OneRule("license-denylist", "{ deny: [GPL-3.0, AGPL-3.0] }"));
  Decision bad = Eval(p, {Verified(BomStatement("gpl-3.0"))});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.results[0].reason.find("GPL-3.0-only"), std::string::npos) << bad.results[0].reason;
  EXPECT_NE(bad.results[0].reason.find("denylist"), std::string::npos);
  EXPECT_TRUE(Eval(p, {Verified(BomStatement("mit"))}).ok);
}

TEST(LicenseDenylistTest, ExpressionWithAnAllowedChoicePasses) {
  const std::string bom = R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"component":{"type":"machine-learning-model","name":"m",
      "licenses":[{"expression":"MIT OR GPL-3.0-or-later"}]}}})";
  auto st = StatementFor(std::string(attestation::kCycloneDxPredicate), bom, kNow);
  auto p = MustParse(OneRule("license-denylist", "{ deny: [GPL-3.0] }"));
  EXPECT_TRUE(Eval(p, {Verified(st)}).ok);
  const std::string both = R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"component":{"type":"machine-learning-model","name":"m",
      "licenses":[{"expression":"MIT AND GPL-3.0-or-later"}]}}})";
  Decision d =
      Eval(p, {Verified(StatementFor(std::string(attestation::kCycloneDxPredicate), both, kNow))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("GPL-3.0-or-later"), std::string::npos) << d.results[0].reason;
}

}  // namespace
}  // namespace attestfs::policy

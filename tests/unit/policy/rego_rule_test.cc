// uses: rego — the input contract (evidence with predicate.bom, args, signer, subject,
// attestations), the three result contracts (valint verify, conftest deny/warn, bare allow), a
// policy that decides nothing, load-time errors with file:row:col, evaluation errors and the
// time limit failing the rule, v0 modules, the data.scribe shim and the clock from the caller.
#include <gtest/gtest.h>

#include "policy/rego_input.h"
#include "policy/rego_verdict.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

class RegoRuleTest : public ::testing::Test {
 protected:
  Result<PolicyFile> Policy(const std::string& module, const std::string& extra_with = "",
                            const std::string& evidence = "") {
    dir_.Write("p.rego", module);
    return PolicyFile::Parse(
        "policies:\n  - name: p\n    rules:\n      - name: r\n        uses: rego\n" + evidence +
            "        with: { module: p.rego" + extra_with + " }\n",
        "test.yaml", dir_.path());
  }
  const RuleResult& Only(const Decision& d) {
    EXPECT_EQ(d.results.size(), 1u);
    return d.results.front();
  }
  TempDir dir_;
};

TEST_F(RegoRuleTest, ConftestDenyNamesEveryViolation) {
  auto p = Policy(R"(package gate
import rego.v1
deny contains msg if {
  some entry in input.evidence.predicate.bom.metadata.component.licenses
  not entry.license.id in input.config.args.allow
  msg := sprintf("license %s is not allowed", [entry.license.id])
}
)",
                  ", args: { allow: [MIT] }");
  ASSERT_TRUE(p.ok()) << p.error().message();
  Decision d = Eval(*p, {Verified(BomStatement("apache-2.0"))});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(Only(d).outcome, Outcome::kFail);
  EXPECT_NE(Only(d).reason.find("license Apache-2.0 is not allowed"), std::string::npos)
      << Only(d).reason;
  Decision ok = Eval(*p, {Verified(BomStatement("mit"))});
  EXPECT_TRUE(ok.ok) << Only(ok).reason;
}

TEST_F(RegoRuleTest, ValintVerifyObjectDecides) {
  auto p = Policy(R"(package verify
default allow = false
allow { input.config.args.limit >= 1 }
verify = {"allow": allow, "violation": {"type": "Limit", "details": [{"msg": "too low"}]},
          "summary": [{"allow": allow, "reason": "limit checked"}]}
)",
                  ", rego-version: v0, args: { limit: 0 }");
  ASSERT_TRUE(p.ok()) << p.error().message();
  Decision d = Eval(*p, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(Only(d).reason.find("Limit: too low"), std::string::npos) << Only(d).reason;
}

TEST_F(RegoRuleTest, BareAllowAndTheSubject) {
  auto p = Policy("package a\nimport rego.v1\nallow if input.subject.name == \"tiny-model\"\n");
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_TRUE(Eval(*p, {Verified(BomStatement("mit"))}).ok);
}

TEST_F(RegoRuleTest, APolicyThatDecidesNothingFails) {
  auto p = Policy("package a\nimport rego.v1\nx := 1\n");
  ASSERT_TRUE(p.ok()) << p.error().message();
  Decision d = Eval(*p, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(Only(d).reason.find("decided nothing"), std::string::npos) << Only(d).reason;
}

TEST_F(RegoRuleTest, NoEvidenceFails) {
  auto p = Policy("package a\nimport rego.v1\nallow := true\n");
  ASSERT_TRUE(p.ok());
  Decision d = Eval(*p, {Unverified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(Only(d).reason.find("no signed"), std::string::npos) << Only(d).reason;
}

TEST_F(RegoRuleTest, ParseErrorsStopTheLoadWithALocation) {
  auto p = Policy("package a\nimport rego.v1\nallow if {\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), Errc::kUsage);
  EXPECT_NE(p.error().message().find("p.rego:"), std::string::npos) << p.error().message();
  EXPECT_NE(p.error().message().find("rego_parse_error"), std::string::npos) << p.error().message();
  auto v0 = Policy("package a\nallow[x] { x := 1 }\n");
  ASSERT_FALSE(v0.ok());
  EXPECT_NE(v0.error().message().find("rego_parse_error"), std::string::npos);
  EXPECT_TRUE(Policy("package a\nallow[x] { x := 1 }\n", ", rego-version: v0").ok());
}

TEST_F(RegoRuleTest, UnknownWithKeysAndMissingModulesAreRefused) {
  EXPECT_FALSE(Policy("package a\n", ", modul: x").ok());
  auto p = PolicyFile::Parse(OneRule("rego", "{ module: missing.rego }"), "t.yaml", dir_.path());
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message().find("missing.rego"), std::string::npos);
}

TEST_F(RegoRuleTest, EvaluationErrorsAndTimeLimitsFailTheRule) {
  auto conflict = Policy("package a\nimport rego.v1\nallow := x if { some x in [true, false] }\n");
  ASSERT_TRUE(conflict.ok()) << conflict.error().message();
  Decision d = Eval(*conflict, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(Only(d).reason.find("eval_conflict_error"), std::string::npos) << Only(d).reason;

  auto slow = Policy(
      "package a\nimport rego.v1\nallow if count([x | some x in numbers.range(1, 6000); "
      "some y in numbers.range(1, 6000); x != y]) > 0\n",
      ", timeout: 1s");
  ASSERT_TRUE(slow.ok()) << slow.error().message();
  Decision s = Eval(*slow, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(s.ok) << Only(s).reason;
  EXPECT_EQ(Only(s).outcome, Outcome::kFail);
}

TEST_F(RegoRuleTest, NetworkBuiltinsAreRefused) {
  auto p = Policy(
      "package a\nimport rego.v1\nallow if http.send({\"method\": \"get\", \"url\": "
      "\"http://127.0.0.1:9\"}).status_code == 200\n");
  ASSERT_TRUE(p.ok()) << p.error().message();
  Decision d = Eval(*p, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(Only(d).reason.find("http.send"), std::string::npos) << Only(d).reason;
}

TEST_F(RegoRuleTest, TheClockIsTheCallers) {
  auto p = Policy(R"(package a
import rego.v1
created := time.parse_rfc3339_ns(input.evidence.predicate.bom.metadata.timestamp)
allow if time.now_ns() - created <= time.parse_duration_ns("48h")
)");
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_TRUE(Eval(*p, {Verified(BomStatement("mit"))}).ok);
  EXPECT_FALSE(Eval(*p, {Verified(BomStatement("mit"))}, kNow + 3 * kDay).ok);
}

TEST_F(RegoRuleTest, ScribeHelpersWithAndWithoutTheImport) {
  for (const char* module : {"package verify\nimport data.scribe as scribe\nasset = "
                             "scribe.get_asset_data(input.evidence)\n"
                             "verify = {\"allow\": asset.name == \"tiny-model\"}\n",
                             "package verify\nasset = scribe.get_asset_data(input.evidence)\n"
                             "verify = {\"allow\": asset.name == \"tiny-model\"}\n"}) {
    auto p = Policy(module, ", rego-version: v0");
    ASSERT_TRUE(p.ok()) << p.error().message();
    Decision d = Eval(*p, {Verified(BomStatement("mit"))});
    EXPECT_TRUE(d.ok) << Only(d).reason;
  }
}

TEST(RegoInputTest, CarriesEvidenceBomSignerAttestationsAndArgs) {
  EvidenceItem bom = Verified(BomStatement("mit"), "K1");
  EvidenceItem other = Verified(ModelSigningStatement(SafeModel()), "K2");
  EvidenceItem unsigned_item = Unverified(BomStatement("gpl-3.0"));
  EvaluationInput in = Input({bom, other, unsigned_item});
  auto args = rego::Value::ParseJson(R"({"x": 1})");
  ASSERT_TRUE(args.ok());
  auto v = BuildRegoInput(in, &in.evidence[0], *args);
  ASSERT_TRUE(v.ok()) << v.error().message();
  auto get = [](const rego::Value& root, std::initializer_list<rego::Value> path) {
    const rego::Value* cur = &root;
    for (const auto& k : path) {
      cur = cur ? cur->Get(k) : nullptr;
    }
    return cur;
  };
  using V = rego::Value;
  const V* bom_version = get(*v, {V::String("evidence"), V::String("predicate"), V::String("bom"),
                                  V::String("bomFormat")});
  ASSERT_NE(bom_version, nullptr);
  EXPECT_EQ(bom_version->string(), "CycloneDX");
  EXPECT_EQ(get(*v, {V::String("signer"), V::String("key_id")})->string(), "K1");
  EXPECT_EQ(get(*v, {V::String("config"), V::String("args"), V::String("x")})->int_value(), 1);
  EXPECT_EQ(get(*v, {V::String("subject"), V::String("name")})->string(), "tiny-model");
  const V* atts = get(*v, {V::String("attestations")});
  ASSERT_NE(atts, nullptr);
  EXPECT_EQ(atts->size(), 2u);  // the unverified item is not there
}

TEST(RegoVerdictTest, DeclaredPackageSkipsComments) {
  EXPECT_EQ(DeclaredPackage("# c\n\n  package a.b.c # x\nimport rego.v1\n"), "a.b.c");
  EXPECT_EQ(DeclaredPackage("p := 1\n"), "");
}

}  // namespace
}  // namespace attestfs::policy

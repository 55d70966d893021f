// Output renderers: text table, JSON, SARIF 2.1.0 (checked field by field against the
// properties the 2.1.0 schema marks required, and the enums it defines), and the
// policy-evaluation predicate.
#include "policy/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "policy/evaluation_predicate.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;
using nlohmann::json;

const char* kMixed = R"(policies:
  - name: ml-release
    rules:
      - name: model-license
        uses: license-allowlist
        with: { allow: [MIT] }
      - name: fresh
        uses: max-age
        level: warning
        with: { max: 1d }
      - name: no-pickle
        uses: file-types
      - name: off
        uses: max-age
        enable: false
        with: { max: 1d }
)";

Decision Mixed() {
  auto p = MustParse(kMixed);
  // GPL fails the allowlist; 10 days old warns max-age; the file list is clean.
  return Eval(p, {Verified(BomStatement("gpl-3.0", SafeModel(), kNow - 10 * kDay))});
}

TEST(ReportTest, TextShowsEveryRuleAndTheVerdict) {
  Decision d = Mixed();
  const std::string t = RenderText(d);
  for (const char* s :
       {"POLICY", "model-license", "FAIL", "WARN", "PASS", "SKIP", "GPL-3.0-only", "result: FAILED",
        "1 passed, 1 failed, 1 warned, 1 skipped", "tiny-model"}) {
    EXPECT_NE(t.find(s), std::string::npos) << s << "\n" << t;
  }
}

TEST(ReportTest, StatusNamesEveryFailedRule) {
  Decision d = Mixed();
  Status st = d.ToStatus();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kPolicyDenied);
  EXPECT_NE(st.error().message().find("ml-release/model-license (license-allowlist) failed"),
            std::string::npos)
      << st.error().message();
  EXPECT_NE(st.error().message().find("GPL-3.0-only"), std::string::npos);
  EXPECT_EQ(st.error().message().find("fresh"), std::string::npos);  // warnings do not deny
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  EXPECT_TRUE(Eval(p, {Verified(BomStatement("mit"))}).ToStatus().ok());
}

TEST(ReportTest, JsonCarriesResultsAndDigests) {
  Decision d = Mixed();
  json j = json::parse(RenderJson(d));
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["policy"]["digest"], d.policy_digest);
  EXPECT_EQ(j["subject"]["name"], "tiny-model");
  ASSERT_EQ(j["results"].size(), 4u);
  EXPECT_EQ(j["results"][0]["outcome"], "fail");
  EXPECT_EQ(j["results"][1]["outcome"], "warn");
  EXPECT_EQ(j["results"][2]["outcome"], "pass");
  EXPECT_EQ(j["results"][3]["outcome"], "skip");
  EXPECT_EQ(j["results"][0]["evidence"].get<std::string>().rfind("sha256:", 0), 0u);
  EXPECT_EQ(j["summary"]["fail"], 1);
}

// SARIF 2.1.0 (OASIS standard, sarif-schema-2.1.0.json): required properties are
// sarifLog.{version, runs}, run.tool, tool.driver, toolComponent.name,
// reportingDescriptor.id, result.message, message.{text|id}, invocation.executionSuccessful.
TEST(SarifTest, HasEveryRequiredPropertyOfTheSchema) {
  Decision d = Mixed();
  json log = json::parse(RenderSarif(d, "0.1.0"));
  ASSERT_TRUE(log.is_object());
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_TRUE(log["$schema"].is_string());
  ASSERT_TRUE(log["runs"].is_array());
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];
  ASSERT_TRUE(run["tool"]["driver"].is_object());
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "attestfs");
  EXPECT_EQ(driver["version"], "0.1.0");
  ASSERT_TRUE(driver["rules"].is_array());
  ASSERT_EQ(driver["rules"].size(), 4u);
  std::set<std::string> ids;
  for (const auto& r : driver["rules"]) {
    ASSERT_TRUE(r["id"].is_string());
    EXPECT_TRUE(ids.insert(r["id"].get<std::string>()).second) << "duplicate rule id";
    ASSERT_TRUE(r["shortDescription"]["text"].is_string());
    const std::string level = r["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note" || level == "none");
  }
  ASSERT_TRUE(run["invocations"].is_array());
  EXPECT_TRUE(run["invocations"][0]["executionSuccessful"].is_boolean());
  // One result per failed or warned rule; passes and skips are not results.
  ASSERT_TRUE(run["results"].is_array());
  ASSERT_EQ(run["results"].size(), 2u);
  for (const auto& res : run["results"]) {
    ASSERT_TRUE(res["message"]["text"].is_string());
    EXPECT_FALSE(res["message"]["text"].get<std::string>().empty());
    const std::string level = res["level"];
    EXPECT_TRUE(level == "error" || level == "warning");
    // ruleIndex must point at the rule with the same id.
    const size_t idx = res["ruleIndex"];
    ASSERT_LT(idx, driver["rules"].size());
    EXPECT_EQ(driver["rules"][idx]["id"], res["ruleId"]);
    const json& loc = res["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"]["uri"], "test.yaml");
    EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);  // schema: minimum 1
  }
  EXPECT_EQ(run["results"][0]["ruleId"], "ml-release/model-license");
  EXPECT_EQ(run["results"][0]["level"], "error");
  EXPECT_NE(run["results"][0]["message"]["text"].get<std::string>().find("GPL-3.0-only"),
            std::string::npos);
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 4);
  EXPECT_EQ(run["results"][1]["ruleId"], "ml-release/fresh");
  EXPECT_EQ(run["results"][1]["level"], "warning");
}

TEST(SarifTest, PassingEvaluationHasNoResults) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  json log = json::parse(RenderSarif(Eval(p, {Verified(BomStatement("mit"))}), ""));
  EXPECT_TRUE(log["runs"][0]["results"].is_array());
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_FALSE(log["runs"][0]["tool"]["driver"].contains("version"));
  EXPECT_EQ(log["runs"][0]["properties"]["passed"], true);
}

TEST(SarifTest, PolicyPathIsAValidUriReference) {
  Decision d = Mixed();
  d.policy_path = "my policies/p#1.yaml";
  json log = json::parse(RenderSarif(d, ""));
  EXPECT_EQ(
      log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "my%20policies/p%231.yaml");
}

TEST(EvaluationPredicateTest, RecordsVerdictPolicyAndSubject) {
  Decision d = Mixed();
  json pred = json::parse(BuildEvaluationPredicate(d));
  EXPECT_EQ(pred["passed"], false);
  EXPECT_EQ("sha256:" + pred["policy"]["digest"]["sha256"].get<std::string>(), d.policy_digest);
  EXPECT_EQ("sha256:" + pred["subject"]["digest"]["sha256"].get<std::string>(), d.subject_digest);
  EXPECT_EQ(pred["evaluatedOn"], "2026-11-25T00:00:00Z");
  ASSERT_EQ(pred["results"].size(), 4u);
  EXPECT_EQ(pred["results"][0]["rule"], "model-license");
  auto st = BuildEvaluationStatement(d);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->predicate_type, attestation::kPolicyEvaluationPredicate);
  EXPECT_EQ(st->subjects[0].digest.at("sha256"), d.subject_digest.substr(7));
  EXPECT_EQ(st->CreatedAt(), kNow);
  d.subject_digest = "not-a-digest";
  EXPECT_FALSE(BuildEvaluationStatement(d).ok());
}

}  // namespace
}  // namespace attestfs::policy

// required-evidence, max-age, file-types and trace over evidence built with attestfs codecs.
#include <gtest/gtest.h>

#include "policy/evaluation_predicate.h"
#include "policy/runtime_trace.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

const std::string kBias = "https://example.com/bias-test/v1";

attestation::Statement BiasReport(bool passed, double disparity, int64_t created = kNow - kDay) {
  return StatementFor(kBias,
                      std::string(R"({"passed":)") + (passed ? "true" : "false") +
                          R"(,"metrics":{"disparity":)" + std::to_string(disparity) +
                          R"(},"suite":"fairness-v2","run":{"finished":"2026-11-20T10:00:00Z"}})",
                      created);
}

const std::string kBiasRule = OneRule("required-evidence", R"(
          predicate-type: https://example.com/bias-test/v1
          where:
            - { pointer: /passed, equals: true }
            - { pointer: /metrics/disparity, less-than: 0.1 }
            - { pointer: /suite, not-equals: fairness-v1 }
            - { pointer: /run/finished, greater-than: "2026-01-01T00:00:00Z" })");

TEST(RequiredEvidenceTest, PassingBiasReportPasses) {
  auto p = MustParse(kBiasRule);
  Decision d = Eval(p, {Verified(BomStatement("mit")), Verified(BiasReport(true, 0.05))});
  EXPECT_TRUE(d.ok) << d.results[0].reason;
}

TEST(RequiredEvidenceTest, FailedConditionNamesPointerAndValue) {
  auto p = MustParse(kBiasRule);
  Decision d = Eval(p, {Verified(BiasReport(false, 0.05))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("/passed is false"), std::string::npos) << d.results[0].reason;
  Decision d2 = Eval(p, {Verified(BiasReport(true, 0.3))});
  EXPECT_FALSE(d2.ok);
  EXPECT_NE(d2.results[0].reason.find("/metrics/disparity"), std::string::npos)
      << d2.results[0].reason;
}

TEST(RequiredEvidenceTest, MissingOrUnsignedEvidenceFails) {
  auto p = MustParse(kBiasRule);
  Decision none = Eval(p, {Verified(BomStatement("mit"))});
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.results[0].reason.find(kBias), std::string::npos) << none.results[0].reason;
  EXPECT_FALSE(Eval(p, {Unverified(BiasReport(true, 0.0))}).ok);
}

TEST(RequiredEvidenceTest, MissingPointerFails) {
  auto p = MustParse(OneRule("required-evidence",
                             "{ predicate-type: 'https://example.com/bias-test/v1', where: "
                             "[{pointer: /nope, not-equals: 1}] }"));
  Decision d = Eval(p, {Verified(BiasReport(true, 0.0))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("/nope"), std::string::npos);
}

TEST(RequiredEvidenceTest, PolicyEvaluationPredicateCanBeRequired) {
  // A first evaluation produces the predicate; a deploy policy requires passed == true.
  auto release = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  Decision first = Eval(release, {Verified(BomStatement("mit"))});
  ASSERT_TRUE(first.ok);
  auto st = BuildEvaluationStatement(first);
  ASSERT_TRUE(st.ok()) << st.error().message();
  auto reparsed = attestation::Statement::Parse(st->Serialize());
  ASSERT_TRUE(reparsed.ok()) << reparsed.error().message();
  auto deploy = MustParse(OneRule("required-evidence",
                                  "{ predicate-type: 'https://attestfs.dev/policy-evaluation/v1', "
                                  "where: [{pointer: /passed, equals: true}] }"));
  EXPECT_TRUE(Eval(deploy, {Verified(*reparsed)}).ok);
  Decision failed = Eval(release, {Verified(BomStatement("gpl-3.0"))});
  auto bad = BuildEvaluationStatement(failed);
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(Eval(deploy, {Verified(*bad)}).ok);
}

TEST(MaxAgeTest, FreshEvidencePassesOldFailsWithAge) {
  auto p = MustParse(OneRule("max-age", "{ max: 90d }"));
  EXPECT_TRUE(Eval(p, {Verified(BomStatement("mit", SafeModel(), kNow - 10 * kDay))}).ok);
  Decision d = Eval(p, {Verified(BomStatement("mit", SafeModel(), kNow - 120 * kDay))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("120d"), std::string::npos) << d.results[0].reason;
  EXPECT_NE(d.results[0].reason.find("max 90d"), std::string::npos);
}

TEST(MaxAgeTest, NewestEvidenceCountsAndMissingTimeFails) {
  auto p = MustParse(OneRule("max-age", "{ max: 12h }"));
  EXPECT_TRUE(Eval(p, {Verified(BomStatement("mit", SafeModel(), kNow - 30 * kDay)),
                       Verified(BomStatement("mit", SafeModel(), kNow - 3600))})
                  .ok);
  Decision d = Eval(p, {Verified(StatementFor(kBias, "{}", std::nullopt))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("no signed creation time"), std::string::npos);
  Decision future = Eval(p, {Verified(BomStatement("mit", SafeModel(), kNow + 7 * kDay))});
  EXPECT_FALSE(future.ok);
  EXPECT_NE(future.results[0].reason.find("future"), std::string::npos);
}

TEST(FileTypesTest, SafetensorsModelPasses) {
  auto p = MustParse(OneRule("file-types", "{}"));
  Decision d = Eval(p, {Verified(BomStatement("mit"))});
  EXPECT_TRUE(d.ok) << d.results[0].reason;
}

TEST(FileTypesTest, PickleFileFailsWithTheFileNamed) {
  auto p = MustParse(OneRule("file-types", "{}"));
  auto m = Manifest({File("config.json"), File("weights/pytorch_model.bin")});
  Decision d = Eval(p, {Verified(BomStatement("mit", m))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("'weights/pytorch_model.bin'"), std::string::npos)
      << d.results[0].reason;
  EXPECT_NE(d.results[0].reason.find("*.bin"), std::string::npos);
  // The same list from a model-signing predicate.
  Decision ms = Eval(p, {Verified(ModelSigningStatement(m))});
  EXPECT_FALSE(ms.ok);
  EXPECT_NE(ms.results[0].reason.find("pytorch_model.bin"), std::string::npos);
}

TEST(FileTypesTest, AllowListExecutablesAndSymlinks) {
  auto allow = MustParse(OneRule("file-types", "{ allow: ['*.safetensors', '*.json', '*.md'] }"));
  EXPECT_TRUE(Eval(allow, {Verified(BomStatement("mit"))}).ok);
  Decision extra =
      Eval(allow,
           {Verified(BomStatement("mit", Manifest({File("model.safetensors"), File("run.sh")})))});
  EXPECT_FALSE(extra.ok);
  EXPECT_NE(extra.results[0].reason.find("'run.sh' matches no allowed pattern"), std::string::npos);

  auto exe = Manifest({File("model.safetensors"), File("tool", true)});
  auto def = MustParse(OneRule("file-types", "{}"));
  Decision d = Eval(def, {Verified(BomStatement("mit", exe))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("'tool' is executable"), std::string::npos)
      << d.results[0].reason;
  EXPECT_TRUE(Eval(MustParse(OneRule("file-types", "{ executables: allow }")),
                   {Verified(BomStatement("mit", exe))})
                  .ok);

  auto links = Manifest({File("blob.pkl"), Symlink("model.safetensors", "blob.pkl")});
  auto no_deny = MustParse(OneRule("file-types", "{ deny: ['*.ckpt'] }"));
  EXPECT_TRUE(Eval(no_deny, {Verified(BomStatement("mit", links))}).ok);
  auto deny_links = MustParse(OneRule("file-types", "{ deny: [], symlinks: deny }"));
  Decision dl = Eval(deny_links, {Verified(BomStatement("mit", links))});
  EXPECT_FALSE(dl.ok);
  EXPECT_NE(dl.results[0].reason.find("symlink"), std::string::npos);
  // A harmless name pointing at a pickle is still caught by the default deny list.
  auto disguised = Manifest({File("data.txt"), Symlink("model.safetensors", "../blobs/x.pkl")});
  Decision dd = Eval(def, {Verified(BomStatement("mit", disguised))});
  EXPECT_FALSE(dd.ok);
  EXPECT_NE(dd.results[0].reason.find("x.pkl"), std::string::npos) << dd.results[0].reason;
}

std::string Trace(const std::string& command, int uid, const std::vector<std::string>& paths) {
  std::string access;
  for (const auto& p : paths) {
    access += std::string(access.empty() ? "" : ",") + R"({"path":")" + p +
              R"(","pid":4242,"uid":)" + std::to_string(uid) + R"(,"command":")" + command +
              R"(","time":"2026-11-24T10:00:00Z","ranges":[[0,4096]]})";
  }
  return R"({"monitor":{"type":"attestfs-mount"},"monitorLog":{"process":[{"pid":4242,"uid":)" +
         std::to_string(uid) + R"(,"command":")" + command + R"("}],"fileAccess":[)" + access +
         "]}}";
}

attestation::Statement TraceStatement(const std::string& predicate, int64_t created = kNow - 3600) {
  return StatementFor(std::string(attestation::kRuntimeTracePredicate), predicate, created);
}

const std::string kTraceRule = OneRule(
    "trace",
    "{ commands: [python3, 'torchrun*'], uids: [1000], files: ['*.safetensors', '*.json'] }");

TEST(TraceTest, ExpectedServerPasses) {
  auto p = MustParse(kTraceRule);
  Decision d = Eval(p, {Verified(TraceStatement(Trace("/usr/bin/python3 serve.py", 1000,
                                                      {"model.safetensors", "config.json"})))});
  EXPECT_TRUE(d.ok) << d.results[0].reason;
}

TEST(TraceTest, UnexpectedCommandFails) {
  auto p = MustParse(kTraceRule);
  Decision d =
      Eval(p, {Verified(TraceStatement(Trace("python3", 1000, {"model.safetensors"}))),
               Verified(TraceStatement(Trace("curl", 1000, {"model.safetensors"}), kNow - 7200))});
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.results[0].reason.find("'curl'"), std::string::npos) << d.results[0].reason;
}

TEST(TraceTest, UnexpectedUidOrFileFails) {
  auto p = MustParse(kTraceRule);
  Decision uid = Eval(p, {Verified(TraceStatement(Trace("python3", 0, {"model.safetensors"})))});
  EXPECT_FALSE(uid.ok);
  EXPECT_NE(uid.results[0].reason.find("uid 0"), std::string::npos) << uid.results[0].reason;
  Decision file = Eval(
      p, {Verified(TraceStatement(Trace("python3", 1000, {"model.safetensors", "secrets/.env"})))});
  EXPECT_FALSE(file.ok);
  EXPECT_NE(file.results[0].reason.find("'secrets/.env'"), std::string::npos)
      << file.results[0].reason;
}

TEST(TraceTest, NoTraceOrMalformedTraceFails) {
  auto p = MustParse(kTraceRule);
  EXPECT_FALSE(Eval(p, {Verified(BomStatement("mit"))}).ok);
  EXPECT_FALSE(Eval(p, {Unverified(TraceStatement(Trace("python3", 1000, {"a.json"})))}).ok);
  Decision bad =
      Eval(p, {Verified(TraceStatement(R"({"monitorLog":{"fileAccess":[{"pid":1}]}})"))});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.results[0].reason.find("no path"), std::string::npos) << bad.results[0].reason;
}

}  // namespace
}  // namespace attestfs::policy

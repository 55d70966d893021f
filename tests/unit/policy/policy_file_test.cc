// Policy file loading: the schema, defaults, and malformed files refused with kUsage naming
// the file, the line and the key.
#include "policy/policy_file.h"

#include <gtest/gtest.h>

#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

// Parses `yaml` expecting failure; returns the message.
std::string MustFail(const std::string& yaml) {
  auto p = PolicyFile::Parse(yaml, "bad.yaml", "");
  EXPECT_FALSE(p.ok()) << "accepted:\n" << yaml;
  if (p.ok()) return "";
  EXPECT_EQ(p.error().code(), Errc::kUsage);
  return p.error().message();
}

TEST(PolicyFileTest, LoadsTheIssueExampleWithDefaults) {
  TempDir dir;
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEcdsaP256);
  ASSERT_TRUE(key.ok());
  dir.Write("release.pub", key->Public().ToPem());
  const std::string path = dir.Write("policy.yaml", R"(policies:
  - name: ml-release                 # required
    enable: true
    rules:
      - name: model-license
        uses: license-allowlist
        level: error
        enable: true
        with: { allow: [MIT, Apache-2.0] }
        evidence:
          predicate-type: https://cyclonedx.org/bom
          signed: true
      - name: signed-by-release-team
        uses: signer-identity
        with: { keys: [release.pub] }
      - name: fresh
        uses: max-age
        level: warning
        with: { max: 90d }
)");
  auto p = PolicyFile::Load(path);
  ASSERT_TRUE(p.ok()) << p.error().message();
  ASSERT_EQ(p->policies().size(), 1u);
  const PolicySpec& ps = p->policies()[0];
  EXPECT_EQ(ps.name, "ml-release");
  ASSERT_EQ(ps.rules.size(), 3u);
  EXPECT_EQ(ps.rules[0].uses, "license-allowlist");
  EXPECT_EQ(ps.rules[0].line, 5);
  EXPECT_EQ(ps.rules[1].level, Level::kError);
  EXPECT_TRUE(ps.rules[1].enabled);
  EXPECT_TRUE(ps.rules[1].evidence.signed_only);
  EXPECT_EQ(ps.rules[2].level, Level::kWarning);
  EXPECT_EQ(p->path(), path);
  EXPECT_EQ(p->digest().rfind("sha256:", 0), 0u);
  EXPECT_TRUE(p->HasSignerIdentity());
}

TEST(PolicyFileTest, UnknownRuleIsRefusedWithFileLineAndKey) {
  std::string m = MustFail(
      "policies:\n  - name: p\n    rules:\n      - name: r\n        uses: license-allow\n");
  EXPECT_NE(m.find("bad.yaml:5:"), std::string::npos) << m;
  EXPECT_NE(m.find("key 'policies[0].rules[0].uses'"), std::string::npos) << m;
  EXPECT_NE(m.find("license-allow"), std::string::npos) << m;
}

TEST(PolicyFileTest, MissingRuleNameIsRefused) {
  std::string m = MustFail(
      "policies:\n  - name: p\n    rules:\n      - uses: max-age\n        with: {max: 1d}\n");
  EXPECT_NE(m.find("bad.yaml:4:"), std::string::npos) << m;
  EXPECT_NE(m.find("key 'policies[0].rules[0].name': required"), std::string::npos) << m;
}

TEST(PolicyFileTest, MissingPolicyNameIsRefused) {
  std::string m = MustFail(
      "policies:\n  - rules:\n      - name: r\n        uses: max-age\n        with: {max: 1d}\n");
  EXPECT_NE(m.find("key 'policies[0].name': required"), std::string::npos) << m;
}

TEST(PolicyFileTest, DuplicateRuleNameIsRefused) {
  std::string m = MustFail(R"(policies:
  - name: p
    rules:
      - name: r
        uses: max-age
        with: {max: 1d}
      - name: r
        uses: max-age
        with: {max: 2d}
)");
  EXPECT_NE(m.find("bad.yaml:7:"), std::string::npos) << m;
  EXPECT_NE(m.find("key 'policies[0].rules[1].name'"), std::string::npos) << m;
  EXPECT_NE(m.find("duplicate rule name 'r'"), std::string::npos) << m;
}

TEST(PolicyFileTest, BadLevelIsRefused) {
  std::string m = MustFail(OneRule("max-age", "{max: 1d}", "        level: fatal\n"));
  EXPECT_NE(m.find("bad.yaml:7:"), std::string::npos) << m;
  EXPECT_NE(m.find("key 'policies[0].rules[0].level'"), std::string::npos) << m;
  EXPECT_NE(m.find("error|warning"), std::string::npos) << m;
}

TEST(PolicyFileTest, BadDurationIsRefused) {
  for (const char* bad : {"90x", "d", "-1d", "0h", "1.5d", "forever"}) {
    std::string m = MustFail(OneRule("max-age", std::string("{max: '") + bad + "'}"));
    EXPECT_NE(m.find("bad.yaml:6:"), std::string::npos) << m;
    EXPECT_NE(m.find("key 'policies[0].rules[0].with.max'"), std::string::npos) << m;
  }
}

TEST(PolicyFileTest, MissingWithAllowIsRefused) {
  std::string m = MustFail(
      "policies:\n  - name: p\n    rules:\n      - name: lic\n        uses: license-allowlist\n");
  EXPECT_NE(m.find("bad.yaml:4:"), std::string::npos) << m;
  EXPECT_NE(m.find("key 'policies[0].rules[0].with.allow': required"), std::string::npos) << m;
  std::string m2 = MustFail(OneRule("license-allowlist", "{ allow: [] }"));
  EXPECT_NE(m2.find("with.allow"), std::string::npos) << m2;
}

TEST(PolicyFileTest, UnknownKeysAreRefusedNotIgnored) {
  std::string m = MustFail(OneRule("license-allowlist", "{ alow: [MIT] }"));
  EXPECT_NE(m.find("key 'policies[0].rules[0].with.alow': unknown key"), std::string::npos) << m;
  std::string m2 = MustFail(OneRule("max-age", "{max: 1d}", "        leve: warning\n"));
  EXPECT_NE(m2.find("rules[0].leve"), std::string::npos) << m2;
  std::string m3 = MustFail(OneRule("max-age", "{max: 1d}", "        evidence: { signd: true }\n"));
  EXPECT_NE(m3.find("evidence.signd"), std::string::npos) << m3;
}

TEST(PolicyFileTest, MalformedYamlAndShapesAreRefused) {
  std::string m = MustFail("policies: [\n");
  EXPECT_NE(m.find("bad.yaml:"), std::string::npos) << m;
  MustFail("- just a list\n");
  MustFail("policies: {}\n");
  MustFail("policies: []\n");
  MustFail("policies:\n  - name: p\n    rules: []\n");
  MustFail(OneRule("max-age", "{max: 1d}", "        enable: maybe\n"));
  MustFail(OneRule("file-types", "{ executables: sometimes }"));
  MustFail(OneRule("trace", "{}"));
  MustFail(OneRule("trace", "{ uids: [root] }"));
  MustFail(OneRule("required-evidence", "{ where: [] }"));
  MustFail(OneRule("required-evidence",
                   "{ predicate-type: x, where: [{pointer: 'passed', equals: true}] }"));
  MustFail(OneRule("required-evidence",
                   "{ predicate-type: x, where: [{pointer: /a, equals: 1, not-equals: 2}] }"));
  MustFail(OneRule("required-evidence",
                   "{ predicate-type: x, where: [{pointer: /a, less-than: true}] }"));
  MustFail(OneRule("signer-identity", "{}"));
  MustFail(OneRule("signer-identity", "{ keys: [does-not-exist.pub] }"));
  MustFail(OneRule("signer-identity", "{ subject: 'CN=*' }"));
  MustFail(OneRule("license-allowlist", "{ allow: [MIT], unknown: maybe }"));
}

TEST(PolicyFileTest, DuplicateYamlKeysAreRefused) {
  std::string m =
      MustFail(OneRule("max-age", "{max: 1d}", "        level: warning\n        level: error\n"));
  EXPECT_NE(m.find("given twice"), std::string::npos) << m;
}

TEST(PolicyFileTest, MissingOrOversizedFileIsUsageError) {
  auto missing = PolicyFile::Load("/nonexistent/policy.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), Errc::kUsage);
  EXPECT_NE(missing.error().message().find("/nonexistent/policy.yaml"), std::string::npos);
  TempDir dir;
  const std::string big =
      dir.Write("big.yaml", "# " + std::string(kMaxPolicyFileBytes, 'x') + "\n");
  auto p = PolicyFile::Load(big);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), Errc::kUsage);
}

TEST(PolicyFileTest, KeyPathsAreRelativeToThePolicyDirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/keys");
  auto key = keys::PrivateKey::Generate(keys::KeyType::kEd25519);
  ASSERT_TRUE(key.ok());
  dir.Write("keys/team.pub", key->Public().ToPem());
  const std::string path =
      dir.Write("p.yaml", OneRule("signer-identity", "{ keys: [keys/team.pub] }"));
  auto p = PolicyFile::Load(path);
  ASSERT_TRUE(p.ok()) << p.error().message();
  // The same text parsed against another directory does not find the key.
  auto elsewhere =
      PolicyFile::Parse(OneRule("signer-identity", "{ keys: [keys/team.pub] }"), "p.yaml", "/");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_NE(elsewhere.error().message().find("with.keys"), std::string::npos);
}

TEST(PolicyFileTest, DisabledRulesAndPoliciesAreSkipped) {
  auto p = MustParse(R"(policies:
  - name: off
    enable: false
    rules:
      - name: a
        uses: max-age
        with: {max: 1d}
  - name: on
    rules:
      - name: b
        uses: max-age
        enable: false
        with: {max: 1d}
)");
  Decision d = Eval(p, {});
  EXPECT_TRUE(d.ok);
  ASSERT_EQ(d.results.size(), 2u);
  EXPECT_EQ(d.results[0].outcome, Outcome::kSkip);
  EXPECT_EQ(d.results[0].reason, "policy disabled");
  EXPECT_EQ(d.results[1].outcome, Outcome::kSkip);
  EXPECT_EQ(d.results[1].reason, "rule disabled");
}

TEST(PolicyFileTest, ExamplePoliciesInTestDataLoad) {
  const std::string dir = std::string(ATTESTFS_SOURCE_DIR) + "/tests/data/policy";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    auto p = PolicyFile::Load(e.path().string());
    if (e.path().filename().string().rfind("bad-", 0) == 0) {
      ASSERT_FALSE(p.ok()) << e.path();
      EXPECT_EQ(p.error().code(), Errc::kUsage);
      EXPECT_NE(p.error().message().find(e.path().string() + ":"), std::string::npos)
          << p.error().message();
    } else {
      EXPECT_TRUE(p.ok()) << e.path() << ": " << p.error().message();
    }
  }
}

}  // namespace
}  // namespace attestfs::policy

// Robustness: deterministic mutations of a valid policy file and of untrusted evidence never
// crash the parser or the rules; every policy error is kUsage with a file name, and
// malformed evidence makes a rule fail rather than pass.
#include <gtest/gtest.h>

#include <random>

#include "policy/bom_licenses.h"
#include "policy/runtime_trace.h"
#include "policy/spdx_expression.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

const char* kValid = R"(policies:
  - name: ml-release
    rules:
      - name: model-license
        uses: license-allowlist
        with: { allow: [MIT, Apache-2.0], unknown: fail }
      - name: fresh
        uses: max-age
        level: warning
        with: { max: 90d }
      - name: bias
        uses: required-evidence
        with:
          predicate-type: https://example.com/bias/v1
          where:
            - { pointer: /passed, equals: true }
            - { pointer: /score, greater-than: 0.9 }
      - name: files
        uses: file-types
        with: { allow: ['*.safetensors'], executables: deny, symlinks: deny }
      - name: who
        uses: trace
        with: { commands: [python3], uids: [1000], files: ['*'] }
)";

std::string Mutate(std::string s, std::mt19937& rng) {
  static const std::string kAlphabet = "{}[]:-,'\"&*!|>#\n \t0aZ/.%@";
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const size_t pos = rng() % s.size();
    switch (rng() % 3) {
      case 0:
        s[pos] = kAlphabet[rng() % kAlphabet.size()];
        break;
      case 1:
        s.erase(pos, 1 + rng() % 8);
        break;
      default:
        s.insert(pos, 1, kAlphabet[rng() % kAlphabet.size()]);
        break;
    }
  }
  return s;
}

TEST(RobustnessTest, MutatedPolicyFilesAreRefusedCleanlyOrStillEvaluate) {
  ASSERT_TRUE(PolicyFile::Parse(kValid, "m.yaml", "").ok());
  std::mt19937 rng(20261125);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = Mutate(kValid, rng);
    auto p = PolicyFile::Parse(text, "m.yaml", "");
    if (!p.ok()) {
      ++refused;
      EXPECT_EQ(p.error().code(), Errc::kUsage) << text;
      EXPECT_EQ(p.error().message().rfind("m.yaml", 0), 0u) << p.error().message();
      continue;
    }
    Decision d = Eval(*p, {Verified(BomStatement("mit"))});
    for (const auto& r : d.results) EXPECT_FALSE(r.rule.empty());
  }
  EXPECT_GT(refused, 100);
}

TEST(RobustnessTest, MalformedEvidenceFailsRulesInsteadOfPassing) {
  auto p = PolicyFile::Parse(kValid, "m.yaml", "");
  ASSERT_TRUE(p.ok());
  const std::vector<std::string> bodies = {
      "null",
      "[]",
      "\"x\"",
      "{}",
      R"({"bomFormat":"CycloneDX","components":{}})",
      R"({"bomFormat":"CycloneDX","metadata":{"component":{"licenses":"MIT"}}})",
      R"({"bomFormat":"CycloneDX","metadata":{"component":{"licenses":[{"expression":"MIT OR"}]}}})",
      R"({"monitorLog":{"process":[{"command":7}]}})",
      R"({"monitorLog":[]})",
      R"({"passed":"true","score":"high"})"};
  const std::vector<std::string> types = {std::string(attestation::kCycloneDxPredicate),
                                          std::string(attestation::kRuntimeTracePredicate),
                                          "https://example.com/bias/v1"};
  for (const auto& t : types) {
    for (const auto& b : bodies) {
      Decision d = Eval(*p, {Verified(StatementFor(t, b, kNow))});
      for (const auto& r : d.results) {
        if (r.uses == "max-age") continue;  // only reads the creation time
        EXPECT_NE(r.outcome, Outcome::kPass) << r.uses << " passed on " << t << " " << b;
      }
    }
  }
}

TEST(RobustnessTest, RandomLicenseExpressionsNeverCrash) {
  std::mt19937 rng(7);
  const std::vector<std::string> tokens = {
      "MIT", "Apache-2.0", "AND", "OR",           "WITH",
      "(",   ")",          "+",   "GPL-2.0-only", "Classpath-exception-2.0",
      " "};
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += tokens[rng() % tokens.size()] + " ";
    auto e = SpdxExpression::Parse(s);
    if (e.ok()) {
      // Round trip: the printed form parses to the same licenses and verdicts.
      auto again = SpdxExpression::Parse(e->ToString());
      ASSERT_TRUE(again.ok()) << s << " -> " << e->ToString();
      auto mit = [](const SpdxLicense& l) { return l.id == "MIT"; };
      EXPECT_EQ(e->SatisfiableWith(mit), again->SatisfiableWith(mit)) << s;
      EXPECT_EQ(e->Licenses().size(), again->Licenses().size()) << s;
    }
  }
}

}  // namespace
}  // namespace attestfs::policy

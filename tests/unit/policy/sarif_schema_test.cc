// SARIF output validated against the OASIS SARIF 2.1.0 JSON schema by ajv
// (tests/interop/sarif). Skips with a reason when node or the npm packages are missing,
// unless ATTESTFS_REQUIRE_INTEROP=1 (CI), where that is a failure.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "policy/report.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

const std::string kSarifDir = std::string(ATTESTFS_SOURCE_DIR) + "/tests/interop/sarif";

bool InteropRequired() {
  const char* v = std::getenv("ATTESTFS_REQUIRE_INTEROP");
  return v != nullptr && std::string(v) == "1";
}

// Runs the validator; returns its exit code and output.
int Validate(const std::string& file, std::string* out) {
  const std::string cmd = "node '" + kSarifDir + "/sarif-validate.js' '" + file + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out->append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SarifSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const bool ready = std::system("command -v node >/dev/null 2>&1") == 0 &&
                       std::filesystem::exists(kSarifDir + "/node_modules/@microsoft/jest-sarif");
    if (!ready) {
      if (InteropRequired()) FAIL() << "node or tests/interop/sarif/node_modules missing";
      GTEST_SKIP()
          << "node or tests/interop/sarif/node_modules missing (npm ci in tests/interop/sarif)";
    }
  }
  TempDir dir_;
};

TEST_F(SarifSchemaTest, FailingEvaluationValidatesAgainstTheSchema) {
  auto p = MustParse(R"(policies:
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
        uses: trace
        enable: false
        with: { commands: [python3] }
)");
  auto m = Manifest({File("config.json"), File("pytorch_model.bin")});
  Decision d = Eval(p, {Verified(BomStatement("gpl-3.0", m, kNow - 10 * kDay))});
  ASSERT_EQ(d.CountOutcome(Outcome::kFail), 2);
  const std::string sarif = RenderSarif(d, "0.1.0");
  std::string out;
  EXPECT_EQ(Validate(dir_.Write("fail.sarif", sarif), &out), 0) << out << "\n" << sarif;
  EXPECT_NE(out.find("OK"), std::string::npos) << out;
}

TEST_F(SarifSchemaTest, PassingEvaluationValidatesAgainstTheSchema) {
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  std::string out;
  EXPECT_EQ(
      Validate(dir_.Write("pass.sarif", RenderSarif(Eval(p, {Verified(BomStatement("mit"))}), "")),
               &out),
      0)
      << out;
}

TEST_F(SarifSchemaTest, ValidatorRejectsABrokenLog) {
  // The check can fail: the same log without tool.driver.name and with a bad level.
  auto p = MustParse(OneRule("license-allowlist", "{ allow: [MIT] }"));
  auto log = nlohmann::json::parse(RenderSarif(Eval(p, {Verified(BomStatement("gpl-3.0"))}), ""));
  log["runs"][0]["tool"]["driver"].erase("name");
  log["runs"][0]["results"][0]["level"] = "fatal";
  std::string out;
  EXPECT_EQ(Validate(dir_.Write("broken.sarif", log.dump()), &out), 1) << out;
  EXPECT_NE(out.find("name"), std::string::npos) << out;
}

}  // namespace
}  // namespace attestfs::policy

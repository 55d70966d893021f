// BuildTrustPolicy for Sigstore keyless configs: the usage errors (identity without issuer and
// the reverse, keyless mixed with keys or CA roots, an unreadable trusted root) and a keyless
// policy built from a trusted root written here; TrustedRootPath prefers --trusted-root and
// falls back to ATTESTFS_TRUSTED_ROOT.
#include "app/trust_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace attestfs::app {
namespace {

constexpr const char* kRoot =
    R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  "tlogs":[{"baseUrl":"https://rekor.example","publicKey":{"rawBytes":"AAEC",
  "validFor":{"start":"2021-01-01T00:00:00Z"}},"logId":{"keyId":"AAAA"}}]})";

class TrustConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("attestfs-trust-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    root = (dir / "trusted_root.json").string();
    std::ofstream(root) << kRoot;
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  std::string root;
};

TEST_F(TrustConfigTest, KeylessNeedsAnIdentityAndAnIssuer) {
  TrustConfig c;
  c.trusted_root = root;
  c.certificate_identity = "a@example.com";
  EXPECT_TRUE(c.Keyless());
  EXPECT_EQ(BuildTrustPolicy(c).error().code(), Errc::kUsage);
  c.certificate_identity.clear();
  c.certificate_oidc_issuer = "https://issuer";
  EXPECT_EQ(BuildTrustPolicy(c).error().code(), Errc::kUsage);
  c.certificate_identity_regexp = ".*@example\\.com";
  auto ok = BuildTrustPolicy(c);
  EXPECT_TRUE(ok.ok()) << ok.error().message();
  c.certificate_identity_regexp = "(bad";
  EXPECT_EQ(BuildTrustPolicy(c).error().code(), Errc::kUsage);
}

TEST_F(TrustConfigTest, KeylessDoesNotMixWithKeysOrRoots) {
  TrustConfig c;
  c.certificate_identity = "a@example.com";
  c.certificate_oidc_issuer = "https://issuer";
  c.trusted_root = root;
  c.ca_roots = root;
  auto r = BuildTrustPolicy(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUsage);
  EXPECT_NE(r.error().message().find("does not combine"), std::string::npos);
}

TEST_F(TrustConfigTest, UnreadableOrInvalidTrustedRootIsAUsageError) {
  TrustConfig c;
  c.certificate_identity = "a@example.com";
  c.certificate_oidc_issuer = "https://issuer";
  c.trusted_root = (dir / "missing.json").string();
  EXPECT_EQ(BuildTrustPolicy(c).error().code(), Errc::kUsage);
  std::ofstream(dir / "bad.json") << "{}";
  c.trusted_root = (dir / "bad.json").string();
  EXPECT_EQ(BuildTrustPolicy(c).error().code(), Errc::kUsage);
}

TEST_F(TrustConfigTest, TrustedRootPathPrefersTheFlagThenTheEnvironment) {
  TrustConfig c;
  c.trusted_root = "/x/root.json";
  EXPECT_EQ(*TrustedRootPath(c), "/x/root.json");
  c.trusted_root.clear();
  ::setenv("ATTESTFS_TRUSTED_ROOT", root.c_str(), 1);
  EXPECT_EQ(*TrustedRootPath(c), root);
  ::unsetenv("ATTESTFS_TRUSTED_ROOT");
}

}  // namespace
}  // namespace attestfs::app

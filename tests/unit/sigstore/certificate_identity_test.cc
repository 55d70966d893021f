// Identity matching with cosign's semantics: exact, or RE2 anchored at both ends; one SAN form
// and one issuer form are required.
#include "sigstore/certificate_identity.h"

#include <gtest/gtest.h>

namespace attestfs::sigstore {
namespace {

TEST(CertificateIdentityTest, ExactAndAnchoredRegexp) {
  auto exact = CertificateIdentity::Create({"a@example.com", "", "https://issuer", ""});
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->Match({"uri:x", "a@example.com"}, "https://issuer").ok());
  EXPECT_FALSE(exact->Match({"xa@example.com"}, "https://issuer").ok());
  Status st = exact->Match({"b@example.com"}, "https://issuer");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(),
            "certificate identity \"b@example.com\" does not match \"a@example.com\"");
  st = exact->Match({"a@example.com"}, "https://other");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("OIDC issuer \"https://other\""), std::string::npos);

  auto re =
      CertificateIdentity::Create({"", R"(https://github\.com/org/.*)", "", R"(https://.*\.com)"});
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(re->Match({"https://github.com/org/repo/.github/workflows/x.yml@refs/heads/main"},
                        "https://token.actions.githubusercontent.com")
                  .ok());
  // Anchored: a match inside the SAN is not enough.
  EXPECT_FALSE(re->Match({"evil:https://github.com/org/repo"}, "https://a.com").ok());
  EXPECT_FALSE(re->Match({"https://github.com/org/repo"}, "https://a.com.evil").ok());
}

TEST(CertificateIdentityTest, UsageErrors) {
  EXPECT_EQ(CertificateIdentity::Create({"a", "", "", ""}).error().code(), Errc::kUsage);
  EXPECT_EQ(CertificateIdentity::Create({"", "", "https://i", ""}).error().code(), Errc::kUsage);
  EXPECT_EQ(CertificateIdentity::Create({"a", "b", "https://i", ""}).error().code(), Errc::kUsage);
  EXPECT_EQ(CertificateIdentity::Create({"", "(unclosed", "https://i", ""}).error().code(),
            Errc::kUsage);
}

}  // namespace
}  // namespace attestfs::sigstore

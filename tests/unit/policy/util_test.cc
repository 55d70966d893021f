// Durations, globs and evidence filters.
#include <gtest/gtest.h>

#include "policy/duration.h"
#include "policy/glob.h"
#include "policy/rule.h"
#include "policy_test_util.h"

namespace attestfs::policy {
namespace {

using namespace test_util;

TEST(DurationTest, ParsesUnits) {
  EXPECT_EQ(ParseDuration("90d"), 90 * 86400);
  EXPECT_EQ(ParseDuration("12h"), 12 * 3600);
  EXPECT_EQ(ParseDuration("30m"), 30 * 60);
  EXPECT_EQ(ParseDuration("45s"), 45);
  EXPECT_EQ(ParseDuration("2w"), 14 * 86400);
}

TEST(DurationTest, RejectsMalformedZeroAndHuge) {
  for (const char* bad :
       {"", "d", "90", "90D", "9 0d", "-1d", "0d", "1.5h", "+3d", "99999999999d", "1y"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(DurationTest, FormatsReadably) {
  EXPECT_EQ(FormatDuration(120 * 86400), "120d");
  EXPECT_EQ(FormatDuration(3 * 86400 + 4 * 3600 + 59), "3d 4h");
  EXPECT_EQ(FormatDuration(2 * 3600 + 60), "2h 1m");
  EXPECT_EQ(FormatDuration(600), "10m");
  EXPECT_EQ(FormatDuration(5), "5s");
}

TEST(GlobTest, PathGlobsWithoutSlashMatchTheLastComponent) {
  EXPECT_TRUE(PathGlobMatch("*.pkl", "model.pkl"));
  EXPECT_TRUE(PathGlobMatch("*.pkl", "a/b/model.pkl"));
  EXPECT_FALSE(PathGlobMatch("*.pkl", "model.pkl.txt"));
  EXPECT_TRUE(PathGlobMatch("weights/*.bin", "weights/a.bin"));
  EXPECT_FALSE(PathGlobMatch("weights/*.bin", "other/a.bin"));
  EXPECT_TRUE(PathGlobMatch("LICENSE*", "LICENSE.md"));
  EXPECT_TRUE(GlobMatch("*@example.com", "release@example.com"));
  EXPECT_FALSE(GlobMatch("*@example.com", "release@example.com.evil.org"));
  EXPECT_FALSE(GlobMatch("a*", std::string_view("ab\0c", 4)));
}

TEST(EvidenceFilterTest, MatchesVersionedTypesAndSignatures) {
  EvidenceFilter f;
  f.predicate_types = {"https://cyclonedx.org/bom"};
  auto st = StatementFor("https://cyclonedx.org/bom/v1.6", "{}", kNow);
  EXPECT_TRUE(f.Accepts(Verified(st)));
  EXPECT_FALSE(f.Accepts(Unverified(st)));
  EXPECT_FALSE(f.Accepts(Verified(StatementFor("https://cyclonedx.org/bomb", "{}", kNow))));
  f.signed_only = false;
  EXPECT_TRUE(f.Accepts(Unverified(st)));
  EXPECT_EQ(f.Describe(), "https://cyclonedx.org/bom evidence");
}

}  // namespace
}  // namespace attestfs::policy

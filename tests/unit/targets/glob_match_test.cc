// GlobMatch: '*', '**', '?', classes, basename and directory-prefix semantics.
#include <gtest/gtest.h>

#include "targets/scanner.h"

namespace attestfs::targets {
namespace {

TEST(GlobMatchTest, StarStaysWithinAComponent) {
  EXPECT_TRUE(GlobMatch("*.bin", "model.bin"));
  EXPECT_TRUE(GlobMatch("sub/*.bin", "sub/a.bin"));
  EXPECT_FALSE(GlobMatch("sub/*.bin", "sub/deeper/a.bin"));
  EXPECT_FALSE(GlobMatch("a*b", "a/b"));
}

TEST(GlobMatchTest, DoubleStarCrossesComponents) {
  EXPECT_TRUE(GlobMatch("sub/**/*.bin", "sub/x/y/a.bin"));
  EXPECT_TRUE(GlobMatch("sub/**/*.bin", "sub/a.bin"));  // '**/' may be zero directories
  EXPECT_TRUE(GlobMatch("**", "any/thing/at/all"));
  EXPECT_TRUE(GlobMatch("sub/**", "sub/x/y"));
  EXPECT_FALSE(GlobMatch("sub/**/*.bin", "other/a.bin"));
}

TEST(GlobMatchTest, QuestionMarkAndClasses) {
  EXPECT_TRUE(GlobMatch("shard-0000?.bin", "shard-00003.bin"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
  EXPECT_TRUE(GlobMatch("shard-[0-4].bin", "shard-3.bin"));
  EXPECT_FALSE(GlobMatch("shard-[0-4].bin", "shard-7.bin"));
  EXPECT_TRUE(GlobMatch("shard-[!0-4].bin", "shard-7.bin"));
  EXPECT_FALSE(GlobMatch("shard-[!0-4].bin", "shard-2.bin"));
  EXPECT_TRUE(GlobMatch("[[]x", "[x"));
  EXPECT_TRUE(GlobMatch("a[", "a["));  // unterminated class is a literal '['
}

TEST(GlobMatchTest, PatternWithoutSlashMatchesAnyComponent) {
  EXPECT_TRUE(GlobMatch("*.bin", "deep/dir/a.bin"));
  EXPECT_TRUE(GlobMatch("__pycache__", "x/__pycache__/y.pyc"));
  EXPECT_FALSE(GlobMatch("*.bin", "a.bin.txt"));
  EXPECT_FALSE(GlobMatch("/*.bin", "deep/a.bin"));  // leading '/' anchors at the root
  EXPECT_TRUE(GlobMatch("/*.bin", "a.bin"));
}

TEST(GlobMatchTest, DirectoryPatternCoversItsSubtree) {
  EXPECT_TRUE(GlobMatch("logs", "logs/run1/out.txt"));
  EXPECT_TRUE(GlobMatch("data/tmp", "data/tmp/x"));
  EXPECT_FALSE(GlobMatch("data/tmp", "data/tmpfile"));
  EXPECT_TRUE(GlobMatch("logs/", "logs/a"));
  EXPECT_FALSE(GlobMatch("logs/", "logs"));  // trailing '/' only matches directories
}

TEST(GlobMatchTest, EscapesAndLiterals) {
  EXPECT_TRUE(GlobMatch("a\\*b", "a*b"));
  EXPECT_FALSE(GlobMatch("a\\*b", "axb"));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_TRUE(GlobMatch("exact.txt", "exact.txt"));
  EXPECT_FALSE(GlobMatch("exact.txt", "exact.txt2"));
}

TEST(GlobMatchTest, ManyStarsStayFast) {
  std::string path(3000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
  EXPECT_FALSE(GlobMatch("**a**a**a**a**a**a**a**b", path));
}

}  // namespace
}  // namespace attestfs::targets

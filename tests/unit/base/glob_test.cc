// Glob: the one dialect ('*' within a segment, '**' across, '?', [...] with ranges, negation and
// POSIX classes, '\' escapes) and its two variants (kTextGlob: '/' is ordinary, as fnmatch(3)
// without FNM_PATHNAME; kIdentityGlob: only a leading/trailing '*' is a wildcard).
#include "base/glob.h"

#include <fnmatch.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

namespace attestfs {
namespace {

TEST(GlobTest, StarStaysWithinASegment) {
  EXPECT_TRUE(GlobMatch("*.bin", "model.bin"));
  EXPECT_TRUE(GlobMatch("sub/*.bin", "sub/a.bin"));
  EXPECT_FALSE(GlobMatch("sub/*.bin", "sub/deeper/a.bin"));
  EXPECT_FALSE(GlobMatch("a*b", "a/b"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_FALSE(GlobMatch("*.bin", "deep/a.bin"));  // whole text: no basename rule here
}

TEST(GlobTest, DoubleStarCrossesSegments) {
  EXPECT_TRUE(GlobMatch("sub/**/*.bin", "sub/x/y/a.bin"));
  EXPECT_TRUE(GlobMatch("sub/**/*.bin", "sub/a.bin"));  // '**/' may be no directory
  EXPECT_TRUE(GlobMatch("**", "any/thing/at/all"));
  EXPECT_TRUE(GlobMatch("**/*.bin", "a.bin"));
  EXPECT_TRUE(GlobMatch("a**b", "a/x/b"));
  EXPECT_FALSE(GlobMatch("sub/**/*.bin", "other/a.bin"));
}

TEST(GlobTest, QuestionMarkAndClassesStayWithinASegment) {
  EXPECT_TRUE(GlobMatch("shard-0000?.bin", "shard-00003.bin"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
  EXPECT_FALSE(GlobMatch("a[/]b", "a/b"));
  EXPECT_TRUE(GlobMatch("shard-[0-4].bin", "shard-3.bin"));
  EXPECT_FALSE(GlobMatch("shard-[0-4].bin", "shard-7.bin"));
  EXPECT_TRUE(GlobMatch("shard-[!0-4].bin", "shard-7.bin"));
  EXPECT_TRUE(GlobMatch("shard-[^0-4].bin", "shard-7.bin"));
  EXPECT_FALSE(GlobMatch("shard-[!0-4].bin", "shard-2.bin"));
  EXPECT_TRUE(GlobMatch("[]x]", "]"));   // ']' first is a member
  EXPECT_TRUE(GlobMatch("[!]x]", "y"));  // ... also after the negation
  EXPECT_TRUE(GlobMatch("[a-]", "-"));   // '-' last is a member
  EXPECT_TRUE(GlobMatch("[[]x", "[x"));
  EXPECT_TRUE(GlobMatch("a[", "a["));    // an unterminated class is a literal '['
  EXPECT_TRUE(GlobMatch("[\\]]", "]"));  // escapes inside a class
}

TEST(GlobTest, PosixClassesAreAsciiAndUnknownOnesNeverMatch) {
  EXPECT_TRUE(GlobMatch("v[[:digit:]]", "v7"));
  EXPECT_FALSE(GlobMatch("v[[:digit:]]", "vx"));
  EXPECT_TRUE(GlobMatch("[[:alpha:][:digit:]_]*", "_x1"));
  EXPECT_TRUE(GlobMatch("[![:space:]]", "x"));
  EXPECT_FALSE(GlobMatch("[[:upper:]]", "\xc3"));
  EXPECT_FALSE(GlobMatch("[[:nosuch:]]", "x"));
  EXPECT_FALSE(GlobMatch("[[:nosuch:]]*", "x"));
}

TEST(GlobTest, EscapesAndLiterals) {
  EXPECT_TRUE(GlobMatch("a\\*b", "a*b"));
  EXPECT_FALSE(GlobMatch("a\\*b", "axb"));
  EXPECT_TRUE(GlobMatch("a\\", "a\\"));  // a trailing '\' is itself
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_TRUE(GlobMatch("exact.txt", "exact.txt"));
  EXPECT_FALSE(GlobMatch("exact.txt", "exact.txt2"));
}

TEST(GlobTest, NulBytesNeverMatch) {
  EXPECT_FALSE(GlobMatch("a*", std::string_view("ab\0c", 4)));
  EXPECT_FALSE(GlobMatch(std::string_view("a\0", 2), std::string_view("a\0", 2)));
  EXPECT_FALSE(GlobMatch("*", std::string_view("\0", 1), kTextGlob));
  EXPECT_FALSE(GlobMatch("*", std::string_view("\0", 1), kIdentityGlob));
}

TEST(GlobTest, TextGlobTreatsSlashAsAnOrdinaryCharacter) {
  EXPECT_TRUE(GlobMatch("*@example.com", "release@example.com", kTextGlob));
  EXPECT_FALSE(GlobMatch("*@example.com", "release@example.com.evil.org", kTextGlob));
  EXPECT_TRUE(GlobMatch("weights/*.bin", "weights/a/b.bin", kTextGlob));
  EXPECT_TRUE(GlobMatch("/usr/bin/py*", "/usr/bin/python3", kTextGlob));
  EXPECT_TRUE(GlobMatch("a?b", "a/b", kTextGlob));
  EXPECT_TRUE(GlobMatch("a[/]b", "a/b", kTextGlob));
  EXPECT_FALSE(GlobMatch("a/**/b", "a/b", kTextGlob));  // no zero-directory rule, as fnmatch
}

// kTextGlob is what fnmatch(3) with flags 0 does (C locale), outside the documented differences
// (a trailing '\', collating [. .] and equivalence [= =] expressions).
TEST(GlobTest, TextGlobAgreesWithFnmatch) {
  const char* parts[] = {"a",    "b",    "/",     "*",    "**",  "?",
                         "[ab]", "[!a]", "[a-c]", "[]a]", "[/]", "[[:alpha:]]",
                         "\\*",  "\\?",  "[^/b]", "\\[",  ".",   "-"};
  const std::string text_chars = "ab/*?c.[-";
  std::mt19937 rng(20261127);
  for (int i = 0; i < 20000; ++i) {
    std::string pattern, text;
    for (int n = static_cast<int>(rng() % 5); n > 0; --n)
      pattern += parts[rng() % std::size(parts)];
    for (int n = static_cast<int>(rng() % 7); n > 0; --n)
      text += text_chars[rng() % text_chars.size()];
    const bool expected = fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
    ASSERT_EQ(GlobMatch(pattern, text, kTextGlob), expected) << pattern << " vs " << text;
  }
}

TEST(GlobTest, IdentityGlobHonoursOnlyEdgeStars) {
  EXPECT_TRUE(GlobMatch("*@example.com", "release@example.com", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("release@*", "release@example.com", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("*example*", "release@example.com", kIdentityGlob));
  EXPECT_TRUE(
      GlobMatch("https://ci/*", "https://ci/org/repo/.github/wf.yml@refs/tags/v1", kIdentityGlob));
  EXPECT_FALSE(GlobMatch("*@example.org", "release@example.com", kIdentityGlob));
  EXPECT_FALSE(GlobMatch("rel*@example.com", "release@example.com", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("rel*@example.com", "rel*@example.com", kIdentityGlob));
  EXPECT_FALSE(GlobMatch("https://x/?a", "https://x/ba", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("https://x/?a", "https://x/?a", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("https://[::1]/*", "https://[::1]/p", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("*", "anything at/all", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("**", "x", kIdentityGlob));
  EXPECT_TRUE(GlobMatch("***", "a*b", kIdentityGlob));  // inner '*' literal
  EXPECT_FALSE(GlobMatch("***", "ab", kIdentityGlob));
}

TEST(GlobTest, SegmentsMatchPrefixesAndAnySegmentStart) {
  const Glob logs("logs");
  EXPECT_TRUE(logs.MatchesSegments("logs", false, false));
  EXPECT_TRUE(logs.MatchesSegments("logs/run1/out.txt", false, false));
  EXPECT_FALSE(logs.MatchesSegments("logs", false, true));  // dirs_only: a '/' must follow
  EXPECT_TRUE(logs.MatchesSegments("logs/a", false, true));
  EXPECT_FALSE(logs.MatchesSegments("x/logs/a", false, false));
  EXPECT_TRUE(logs.MatchesSegments("x/logs/a", true, false));
  EXPECT_FALSE(logs.MatchesSegments("x/logsfile", true, false));
  EXPECT_FALSE(Glob("data/tmp").MatchesSegments("data/tmpfile", false, false));
}

TEST(GlobTest, ManyStarsStayFast) {
  const std::string text(20000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
  EXPECT_FALSE(GlobMatch("**a**a**a**a**a**a**a**b", text));
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text, kTextGlob));
  EXPECT_FALSE(Glob("*a*a*a*a*a*a*a*a*b").MatchesSegments(text, true, false));
}

}  // namespace
}  // namespace attestfs

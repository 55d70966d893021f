// base: CheckJsonDepth counts nesting outside strings only (escaped quotes included) and refuses
// a document one level past the limit with kMalformed naming the limit.
#include "base/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace attestfs {
namespace {

std::string Nested(int depth, char open = '[', char close = ']') {
  return std::string(static_cast<size_t>(depth), open) +
         std::string(static_cast<size_t>(depth), close);
}

TEST(JsonDepthTest, AcceptsDocumentsUpToTheLimit) {
  EXPECT_TRUE(CheckJsonDepth("").ok());
  EXPECT_TRUE(CheckJsonDepth("42").ok());
  EXPECT_TRUE(CheckJsonDepth(R"({"a":[1,{"b":[]}],"c":{}})", 4).ok());
  EXPECT_TRUE(CheckJsonDepth(Nested(4), 4).ok());
  EXPECT_TRUE(CheckJsonDepth(Nested(kMaxJsonDepth)).ok());
  // Siblings do not add up: depth returns after each close.
  std::string siblings;
  for (int i = 0; i < 1000; ++i) siblings += "[[]]";
  EXPECT_TRUE(CheckJsonDepth("[" + siblings + "]", 3).ok());
}

TEST(JsonDepthTest, RefusesOneLevelPastTheLimitNamingIt) {
  auto st = CheckJsonDepth(Nested(5), 4);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kMalformed);
  EXPECT_EQ(st.error().message(), "JSON nested deeper than 4 levels");
  EXPECT_FALSE(CheckJsonDepth(Nested(kMaxJsonDepth + 1)).ok());
  EXPECT_FALSE(CheckJsonDepth(Nested(kMaxJsonDepth + 1, '{', '}')).ok());
  // Mixed objects and arrays count alike.
  EXPECT_FALSE(CheckJsonDepth(R"({"a":[{"b":[1]}]})", 3).ok());
}

TEST(JsonDepthTest, UnclosedOpenersAreRefusedWithoutReadingToTheEnd) {
  std::string open(20u << 20, '[');  // 20 MiB of '[' (the DOM would need gigabytes)
  auto st = CheckJsonDepth(open);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("nested deeper than 128 levels"), std::string::npos);
}

TEST(JsonDepthTest, BracketsInsideStringsDoNotCount) {
  EXPECT_TRUE(CheckJsonDepth(R"(["[[[[[[", "{{{{{{{"])", 1).ok());
  EXPECT_TRUE(CheckJsonDepth(R"({"[[[[": "]]]]{{{{"})", 1).ok());
}

TEST(JsonDepthTest, EscapedQuotesDoNotEndTheString) {
  // The string is `\"[[[` (an escaped quote, then brackets still inside the string).
  EXPECT_TRUE(CheckJsonDepth(R"(["\"[[[["])", 1).ok());
  // An escaped backslash ends the escape: the quote after it closes the string, so the
  // brackets after it count.
  EXPECT_FALSE(CheckJsonDepth(R"(["\\", [[1]]])", 2).ok());
  EXPECT_TRUE(CheckJsonDepth(R"(["\\", [1]])", 2).ok());
  // \u escapes and other escapes are plain characters.
  EXPECT_TRUE(CheckJsonDepth(R"(["\u005b\n[", 1])", 1).ok());
}

TEST(JsonDepthTest, StrayClosersDoNotGoNegative) {
  // `]]]` first would otherwise let the next 3 openers go unnoticed.
  EXPECT_FALSE(CheckJsonDepth("]]][[[", 2).ok());
}

}  // namespace
}  // namespace attestfs

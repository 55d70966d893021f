// SPDX expression parser: precedence, WITH, parentheses, malformed input.
#include "policy/spdx_expression.h"

#include <gtest/gtest.h>

#include <set>

namespace attestfs::policy {
namespace {

bool Satisfiable(const std::string& text, std::set<std::string> allowed) {
  auto e = SpdxExpression::Parse(text);
  EXPECT_TRUE(e.ok()) << text;
  if (!e.ok()) return false;
  return e->SatisfiableWith([&](const SpdxLicense& l) { return allowed.count(l.ToString()) > 0; });
}

TEST(SpdxExpressionTest, SingleIdIsAnExpression) {
  EXPECT_TRUE(Satisfiable("MIT", {"MIT"}));
  EXPECT_FALSE(Satisfiable("MIT", {"Apache-2.0"}));
}

TEST(SpdxExpressionTest, OrNeedsOneBranchAndNeedsAll) {
  EXPECT_TRUE(Satisfiable("MIT OR GPL-3.0-only", {"MIT"}));
  EXPECT_FALSE(Satisfiable("MIT AND GPL-3.0-only", {"MIT"}));
  EXPECT_TRUE(Satisfiable("MIT AND GPL-3.0-only", {"MIT", "GPL-3.0-only"}));
}

TEST(SpdxExpressionTest, AndBindsTighterThanOr) {
  // MIT OR (Apache-2.0 AND GPL-3.0-only)
  EXPECT_TRUE(Satisfiable("MIT OR Apache-2.0 AND GPL-3.0-only", {"MIT"}));
  EXPECT_FALSE(Satisfiable("MIT OR Apache-2.0 AND GPL-3.0-only", {"Apache-2.0"}));
  // (MIT OR Apache-2.0) AND GPL-3.0-only
  EXPECT_FALSE(Satisfiable("(MIT OR Apache-2.0) AND GPL-3.0-only", {"MIT"}));
  EXPECT_TRUE(Satisfiable("(MIT OR Apache-2.0) AND GPL-3.0-only", {"Apache-2.0", "GPL-3.0-only"}));
}

TEST(SpdxExpressionTest, WithExceptionIsOneLicense) {
  auto e = SpdxExpression::Parse("GPL-2.0-only WITH Classpath-exception-2.0 OR MIT");
  ASSERT_TRUE(e.ok());
  auto ls = e->Licenses();
  ASSERT_EQ(ls.size(), 2u);
  EXPECT_EQ(ls[0].id, "GPL-2.0-only");
  EXPECT_EQ(ls[0].exception, "Classpath-exception-2.0");
  EXPECT_EQ(ls[1].id, "MIT");
  EXPECT_EQ(e->ToString(), "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT");
}

TEST(SpdxExpressionTest, OperatorsAreCaseInsensitiveAndPlusIsKept) {
  auto e = SpdxExpression::Parse("mit or gpl-2.0+");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->Licenses()[1].id, "gpl-2.0+");
  EXPECT_EQ(e->ToString(), "mit OR gpl-2.0+");
}

TEST(SpdxExpressionTest, ToStringParenthesizesOrInsideAnd) {
  auto e = SpdxExpression::Parse("(MIT OR Apache-2.0) AND BSD-3-Clause");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ToString(), "(MIT OR Apache-2.0) AND BSD-3-Clause");
}

TEST(SpdxExpressionTest, RejectsMalformedExpressions) {
  for (const char* bad : {"", "   ", "MIT OR", "AND MIT", "(MIT", "MIT)", "MIT WITH",
                          "MIT Apache-2.0", "MIT OR OR Apache-2.0", "MIT; rm -rf", "()"}) {
    auto e = SpdxExpression::Parse(bad);
    EXPECT_FALSE(e.ok()) << "accepted '" << bad << "'";
    if (!e.ok()) {
      EXPECT_EQ(e.error().code(), Errc::kMalformed) << bad;
    }
  }
}

TEST(SpdxExpressionTest, RejectsDeepNestingAndHugeInput) {
  std::string deep(100, '(');
  deep += "MIT" + std::string(100, ')');
  EXPECT_FALSE(SpdxExpression::Parse(deep).ok());
  std::string huge;
  while (huge.size() <= kMaxSpdxExpressionBytes) huge += "MIT OR ";
  huge += "MIT";
  auto e = SpdxExpression::Parse(huge);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code(), Errc::kTooLarge);
}

}  // namespace
}  // namespace attestfs::policy

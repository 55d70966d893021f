// Parser tests: both dialects, keyword imports, v0 constructs refused in v1 with a clear
// rego_parse_error and location, lexer errors, nesting limits.
#include "rego/parser.h"

#include <gtest/gtest.h>

#include "rego/lexer.h"
#include "rego_test_util.h"

namespace attestfs::rego {
namespace {

using regotest::RunRego;

Status Parse(const std::string& src, bool v1, Module* out = nullptr) {
  Module m;
  m.filename = "p.rego";
  Status st = ParseModule(src, v1, m);
  if (out) *out = m;
  return st;
}

TEST(RegoLexerTest, TokensCarryPositionsAndDecodedStrings) {
  auto t = Lex("f", "p := \"a\\u00e9\\n\"\n  `raw\\n` # c\n");
  ASSERT_TRUE(t.ok());
  ASSERT_GE(t->size(), 5u);
  EXPECT_EQ((*t)[2].text, "a\xC3\xA9\n");
  EXPECT_EQ((*t)[3].text, "raw\\n");
  EXPECT_EQ((*t)[3].row, 2);
  EXPECT_EQ((*t)[3].col, 3);
  EXPECT_TRUE((*t)[3].newline_before);
}

TEST(RegoLexerTest, UnterminatedStringIsAParseError) {
  auto t = Lex("f.rego", "p := \"abc\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message().find("f.rego:1:6: rego_parse_error"), std::string::npos);
}

TEST(RegoParserTest, V1ModuleParses) {
  Module m;
  ASSERT_TRUE(Parse(R"(package a.b
import rego.v1
import data.lib.x as y
default allow := false
allow if { input.x == 1 }
deny contains msg if { some c in input.cs; msg := c }
obj[k] := v if { some k, v in input.o }
f(x) := x + 1
g(x) := y if y := x * 2 else := 0
a.b.c := 1
)",
                    true, &m)
                  .ok());
  EXPECT_EQ(m.package.size(), 2u);
  EXPECT_EQ(m.imports.size(), 1u);
  EXPECT_EQ(m.imports[0].alias, "y");
  ASSERT_EQ(m.rules.size(), 7u);
  EXPECT_TRUE(m.rules[0]->is_default);
  EXPECT_EQ(m.rules[2]->kind, RuleKind::kPartialSet);
  EXPECT_EQ(m.rules[3]->kind, RuleKind::kPartialObject);
  EXPECT_EQ(m.rules[4]->kind, RuleKind::kFunction);
  EXPECT_NE(m.rules[5]->else_rule, nullptr);
}

TEST(RegoParserTest, V0ModuleParses) {
  Module m;
  ASSERT_TRUE(Parse(R"(package a
default allow = false
allow { input.x == 1 }
deny[msg] { msg := input.m }
obj[k] = v { v := input.o[k] }
f(x) = y { y := x }
p = 1 { true } else = 2 { true }
q { contains("abc", "b") }
)",
                    false, &m)
                  .ok());
  ASSERT_EQ(m.rules.size(), 7u);
  EXPECT_EQ(m.rules[2]->kind, RuleKind::kPartialSet);
  EXPECT_EQ(m.rules[3]->kind, RuleKind::kPartialObject);
  EXPECT_FALSE(m.v1);
}

TEST(RegoParserTest, V0FutureKeywordsEnableIfContainsInEvery) {
  EXPECT_TRUE(Parse(R"(package a
import future.keywords
p contains x if { some x in [1]; every y in [1] { y > 0 } }
)",
                    false)
                  .ok());
  EXPECT_TRUE(Parse(R"(package a
import future.keywords.in
p[x] { x := 1; x in [1] }
)",
                    false)
                  .ok());
  // without the import, `in` is not a keyword in v0
  EXPECT_FALSE(Parse("package a\np[x] { x := 1; x in [1] }\n", false).ok());
}

TEST(RegoParserTest, ImportRegoV1MakesAV0ModuleV1) {
  Module m;
  ASSERT_TRUE(Parse("package a\nimport rego.v1\np if { true }\n", false, &m).ok());
  EXPECT_TRUE(m.v1);
  auto st = Parse("package a\nimport rego.v1\np { true }\n", false);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("`if` keyword is required"), std::string::npos);
}

TEST(RegoParserTest, V0BodyWithoutIfInV1IsAClearError) {
  auto st = Parse("package a\n\nallow {\n  true\n}\n", true);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(),
            "p.rego:3:7: rego_parse_error: `if` keyword is required before rule body");
}

TEST(RegoParserTest, V0PartialSetInV1IsAClearError) {
  auto st = Parse("package a\ndeny[msg] if { msg := 1 }\n", true);
  // `deny[msg] if` is a v1 ref-head rule (value true); without `if` it needs `contains`
  EXPECT_TRUE(st.ok());
  st = Parse("package a\ndeny[msg]\n", true);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("`contains` keyword is required for partial set rules"),
            std::string::npos);
}

TEST(RegoParserTest, SyntaxErrorsHaveLocations) {
  auto st = Parse("package a\np := }\n", true);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("p.rego:2:6: rego_parse_error"), std::string::npos);
  EXPECT_FALSE(Parse("p := 1\n", true).ok());  // no package
  EXPECT_FALSE(Parse("package a\nimport foo.bar\n", true).ok());
}

TEST(RegoParserTest, DeepNestingIsRefusedNotACrash) {
  std::string deep = "package a\np := " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  auto st = Parse(deep, true);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("too deeply nested"), std::string::npos);
}

TEST(RegoParserTest, LongOperatorChainsAreRefusedNotACrash) {
  std::string chain = "package a\np := 1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  auto st = Parse(chain + "\n", true);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("too deeply nested"), std::string::npos);
  std::string ok = "package a\np := 1";
  for (int i = 0; i < 100; ++i) ok += " + 1";
  EXPECT_EQ(RunRego(ok + "\n", "x := data.a.p"), "x=101");
}

TEST(RegoParserTest, QueryExpressionsKeepTheirText) {
  static const std::string kFile = "q";
  auto b = ParseQuery("x := 1; y = x + 2\nz := [x, y]", &kFile);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->exprs.size(), 3u);
  EXPECT_EQ(b->exprs[1].text, "y = x + 2");
}

TEST(RegoParserTest, ConstantTerms) {
  auto v = ParseConstantTerm(R"({"a": {1, 2}, "b": set(), "c": [null, -1.5]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToRego(), R"({"a": {1, 2}, "b": set(), "c": [null, -1.5]})");
  EXPECT_FALSE(ParseConstantTerm("x").ok());
}

TEST(RegoParserTest, OperatorPrecedence) {
  EXPECT_EQ(RunRego("package t\np := 1 + 2 * 3 - 4 / 2", "x := data.t.p"), "x=5");
  EXPECT_EQ(RunRego("package t\np := {1, 2} | {3} & {3, 4}", "x := data.t.p"), "x=[1,2,3]");
  EXPECT_EQ(RunRego("package t\np if 1 + 1 == 2", "x := data.t.p"), "x=true");
  EXPECT_EQ(RunRego("package t\np := (1, 2 in [0, 2])", "x := data.t.p"), "x=true");
  EXPECT_EQ(RunRego("package t\np := (0, 2 in [0, 2])", "x := data.t.p"), "x=false");
}

}  // namespace
}  // namespace attestfs::rego

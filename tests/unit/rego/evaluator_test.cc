// Evaluator tests: the same programs in v1 and v0 syntax give the same results (documents,
// functions, default/else, negation, some/every/in, comprehensions, with), plus conflicts,
// strict builtin errors, undefined vs false and the evaluation limits.
#include <gtest/gtest.h>

#include "rego_test_util.h"

namespace attestfs::rego {
namespace {

using regotest::RunOptions;
using regotest::RunRego;

struct Pair {
  const char* name;
  const char* v1;
  const char* v0;
  const char* query;
  const char* input;
  const char* want;
};

const Pair kPairs[] = {
    {"complete", "package t\nallow if { input.x == 1 }\n", "package t\nallow { input.x == 1 }\n",
     "x := data.t.allow", R"({"x": 1})", "x=true"},
    {"complete_value", "package t\np := y if { y := input.x + 1 }\n",
     "package t\np = y { y := input.x + 1 }\n", "x := data.t.p", R"({"x": 1})", "x=2"},
    {"default", "package t\ndefault allow := false\nallow if input.x == 2\n",
     "package t\ndefault allow = false\nallow { input.x == 2 }\n", "x := data.t.allow",
     R"({"x": 1})", "x=false"},
    {"partial_set", "package t\ndeny contains m if { some c in input.cs; c.bad; m := c.name }\n",
     "package t\nimport future.keywords.in\ndeny[m] { some c in input.cs; c.bad; m := c.name }\n",
     "x := data.t.deny",
     R"({"cs": [{"name": "b", "bad": true}, {"name": "a", "bad": true}, {"name": "c", "bad": false}]})",
     "x=[\"a\",\"b\"]"},
    {"partial_set_v0_plain", "package t\ndeny contains m if { m := input.cs[_].name }\n",
     "package t\ndeny[m] { m := input.cs[_].name }\n", "x := data.t.deny",
     R"({"cs": [{"name": "b"}, {"name": "a"}]})", "x=[\"a\",\"b\"]"},
    {"partial_object", "package t\nm[k] := v if { some k, v in input.o; v > 1 }\n",
     "package t\nm[k] = v { v := input.o[k]; v > 1 }\n", "x := data.t.m",
     R"({"o": {"a": 1, "b": 2}})", "x={\"b\":2}"},
    {"functions",
     "package t\nf(x) := 1 if x == \"a\"\nf(x) := 2 if x == \"b\"\np := [f(\"a\"), f(\"b\")]\n",
     "package t\nf(x) = 1 { x == \"a\" }\nf(x) = 2 { x == \"b\" }\np = [f(\"a\"), f(\"b\")] { true "
     "}\n",
     "x := data.t.p", "", "x=[1,2]"},
    {"else", "package t\np := 1 if { input.x > 10 } else := 2 if { input.x > 5 } else := 3\n",
     "package t\np = 1 { input.x > 10 } else = 2 { input.x > 5 } else = 3 { true }\n",
     "x := data.t.p", R"({"x": 7})", "x=2"},
    {"negation", "package t\np if not input.deny\n", "package t\np { not input.deny }\n",
     "x := data.t.p", R"({"deny": false})", "x=true"},
    {"every", "package t\np if every x in input.xs { x > 0 }\n",
     "package t\nimport future.keywords.every\np { every x in input.xs { x > 0 } }\n",
     "x := data.t.p", R"({"xs": [1, 2]})", "x=true"},
    {"every_false", "package t\ndefault p := false\np if every x in input.xs { x > 1 }\n",
     "package t\nimport future.keywords\ndefault p = false\np if { every x in input.xs { x > 1 } "
     "}\n",
     "x := data.t.p", R"({"xs": [1, 2]})", "x=false"},
    {"comprehensions",
     "package t\np := {\"a\": [x | some x in input.xs; x > 1], \"s\": {x | x := input.xs[_]}, "
     "\"o\": {k: v | some k, v in input.xs}}\n",
     "package t\np = {\"a\": [x | x := input.xs[_]; x > 1], \"s\": {x | x := input.xs[_]}, \"o\": "
     "{k: v | v := input.xs[k]}} { true }\n",
     "x := data.t.p", R"({"xs": [1, 2]})", "x={\"a\":[2],\"o\":{\"0\":1,\"1\":2},\"s\":[1,2]}"},
    {"with_input", "package t\np := input.x\nq := y if y := p with input as {\"x\": 5}\n",
     "package t\np = input.x { true }\nq = y { y := p with input as {\"x\": 5} }\n",
     "x := data.t.q", "", "x=5"},
    {"ref_heads", "package t\na.b.c := 1\nusers[u].admin := true if some u in input.admins\n",
     "package t\na.b.c := 1\nusers[u].admin := true { u := input.admins[_] }\n", "x := data.t",
     R"({"admins": ["al"]})", "x={\"a\":{\"b\":{\"c\":1}},\"users\":{\"al\":{\"admin\":true}}}"},
    {"unify_destructure", "package t\np := [a, b] if { [a, {\"k\": b}] = input.v }\n",
     "package t\np = [a, b] { [a, {\"k\": b}] = input.v }\n", "x := data.t.p",
     R"({"v": [1, {"k": 2}]})", "x=[1,2]"},
    {"undefined_is_not_false", "package t\np := input.missing\n",
     "package t\np = input.missing { true }\n", "x := data.t.p", R"({})", "undefined"},
    {"contains_builtin_in_v0", "package t\np if contains(\"abc\", \"b\")\n",
     "package t\np { contains(\"abc\", \"b\") }\n", "x := data.t.p", "", "x=true"},
    {"reorder_for_safety", "package t\np contains y if { y > 1; y = input.xs[_] }\n",
     "package t\np[y] { y > 1; y = input.xs[_] }\n", "x := data.t.p", R"({"xs": [1, 2]})", "x=[2]"},
};

class DialectTest : public ::testing::TestWithParam<Pair> {};

TEST_P(DialectTest, V1AndV0GiveTheSameResult) {
  const Pair& p = GetParam();
  EXPECT_EQ(RunRego(p.v1, p.query, RegoVersion::kV1, p.input), p.want) << "v1: " << p.v1;
  EXPECT_EQ(RunRego(p.v0, p.query, RegoVersion::kV0, p.input), p.want) << "v0: " << p.v0;
}

INSTANTIATE_TEST_SUITE_P(Programs, DialectTest, ::testing::ValuesIn(kPairs),
                         [](const ::testing::TestParamInfo<Pair>& i) { return i.param.name; });

TEST(RegoEvalTest, ConflictErrors) {
  EXPECT_EQ(RunRego("package t\np := 1\np := 2\n", "x := data.t.p"),
            "error: m0.rego:3: eval_conflict_error: complete rules must not produce multiple "
            "outputs");
  EXPECT_NE(RunRego("package t\np[k] := v if { some k, v in {\"a\": 1}; true }\np[\"a\"] := 2\n",
                    "x := data.t.p")
                .find("eval_conflict_error"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\nf(_) := 1\nf(_) := 2\np := f(1)\n", "x := data.t.p")
                .find("functions must not produce multiple outputs for same inputs"),
            std::string::npos);
}

TEST(RegoEvalTest, CompileErrors) {
  EXPECT_NE(RunRego("package t\np contains y if { y > 1; y := input.xs[_] }\n", "x := data.t.p")
                .find("rego_compile_error: var y referenced above"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\np if { x > 1 }\n", "x := data.t.p")
                .find("rego_unsafe_var_error: var x is unsafe"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\np if q\nq if p\n", "x := data.t.p").find("rego_recursion_error"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\np if { x := 1; x := 2 }\n", "x := data.t.p")
                .find("rego_compile_error: var x assigned above"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\np := nosuch(1)\n", "x := data.t.p")
                .find("rego_type_error: undefined function nosuch"),
            std::string::npos);
  EXPECT_NE(RunRego("package t\np := y\n", "x := data.t.p").find("rego_unsafe_var_error"),
            std::string::npos);
}

TEST(RegoEvalTest, StrictBuiltinErrorsRaise) {
  RunOptions o;
  o.modules = {"package t\np := x if x := 1 / 0\n"};
  o.query = "x := data.t.p";
  EXPECT_EQ(RunRego(o), "undefined");
  o.engine.strict_builtin_errors = true;
  EXPECT_NE(RunRego(o).find("m0.rego:2: eval_builtin_error: div: divide by zero"),
            std::string::npos)
      << RunRego(o);
}

TEST(RegoEvalTest, WithMocksFunctionsAndBuiltins) {
  const char* m = R"(package t
f(x) := x + 1
g(x) := x * 10
p := f(1)
q := y if y := p with f as g
r := y if y := count([1, 2]) with count as 7
s := y if { y := count([1, 2]) with count as g }
)";
  EXPECT_EQ(RunRego(m, "a := data.t.p; b := data.t.q; c := data.t.r"), "a=2 b=10 c=7");
  EXPECT_EQ(RunRego(m, "x := data.t.p with data.t.f as data.t.g"), "x=10");
}

TEST(RegoEvalTest, WithDataReplacesRulesAndBaseDocuments) {
  RunOptions o;
  o.modules = {"package t\np := data.base.v + 1\n"};
  o.data_json = R"({"base": {"v": 1}})";
  o.query = "a := data.t.p; b := data.t.p with data.base.v as 10";
  EXPECT_EQ(RunRego(o), "a=2 b=11");
}

TEST(RegoEvalTest, PrintWritesToTheSink) {
  std::string out;
  RunOptions o;
  o.modules = {"package t\np if { print(\"hello\", 1, input.nope) }\n"};
  o.query = "x := data.t.p";
  o.engine.print = [&](const std::string& s) { out += s + "\n"; };
  EXPECT_EQ(RunRego(o), "x=true");
  EXPECT_EQ(out, "hello 1 <undefined>\n");
}

TEST(RegoEvalTest, TimeoutIsAnErrorNotAResult) {
  RunOptions o;
  o.modules = {
      "package t\np := count([1 | some a in numbers.range(1, 3000); some b in numbers.range(1, "
      "3000)])\n"};
  o.query = "x := data.t.p";
  o.engine.timeout_ms = 50;
  std::string r = RunRego(o);
  EXPECT_NE(r.find("eval_cancel_error"), std::string::npos) << r;
}

TEST(RegoEvalTest, OutputLimitIsAnError) {
  RunOptions o;
  o.modules = {"package t\np := [x | some x in numbers.range(1, 10000)]\n"};
  o.query = "x := data.t.p";
  o.engine.max_output_bytes = 1000;
  EXPECT_NE(RunRego(o).find("eval_limit_error"), std::string::npos);
}

TEST(RegoEvalTest, DepthLimitIsAnError) {
  std::string m = "package t\n";
  for (int i = 0; i < 40; ++i)
    m += "p" + std::to_string(i) + " := p" + std::to_string(i + 1) + "\n";
  m += "p40 := 1\n";
  RunOptions o;
  o.modules = {m};
  o.query = "x := data.t.p0";
  EXPECT_EQ(RunRego(o), "x=1");
  o.engine.max_depth = 10;
  EXPECT_NE(RunRego(o).find("eval_limit_error"), std::string::npos);
}

TEST(RegoEvalTest, ImportsAndAliases) {
  RunOptions o;
  o.modules = {"package lib\nallowed := {\"MIT\"}\nok(l) if l in allowed\n",
               "package t\nimport data.lib\nimport data.lib.allowed as al\nimport input.c\n"
               "p if { lib.ok(c.l); c.l in al }\n"};
  o.query = "x := data.t.p";
  o.input_json = R"({"c": {"l": "MIT"}})";
  EXPECT_EQ(RunRego(o), "x=true");
}

TEST(RegoEvalTest, SetsAndObjectsLookUpByKey) {
  EXPECT_EQ(RunRego("package t\ns := {\"a\", \"b\"}\np if s[\"a\"]\nq if { not s[\"z\"] }\n",
                    "a := data.t.p; b := data.t.q"),
            "a=true b=true");
}

TEST(RegoEvalTest, QueryRowsCarryExpressions) {
  Engine e;
  ASSERT_TRUE(e.AddModule("a.rego", "package t\np := 3\n").ok());
  auto r = e.Query("data.t.p; y := 2");
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->rows.size(), 1u);
  ASSERT_EQ(r->rows[0].expressions.size(), 2u);
  EXPECT_EQ(r->rows[0].expressions[0].value.ToJson(), "3");
  EXPECT_EQ(r->rows[0].expressions[0].text, "data.t.p");
  EXPECT_EQ(r->rows[0].expressions[1].value.ToJson(), "true");
}

}  // namespace
}  // namespace attestfs::rego

namespace attestfs::rego {
namespace {

using regotest::RunOptions;
using regotest::RunRego;

TEST(RegoEvalSemanticsTest, SomeDeclarationsAndEveryWithKeys) {
  const char* m = R"(package t
p contains [i, x] if { some i; x := input.a[i]; x > 1 }
q if every i, x in input.a { x > i }
r if every x in [] { false }
)";
  EXPECT_EQ(RunRego(m, "p := data.t.p; q := data.t.q; r := data.t.r", RegoVersion::kV1,
                    R"({"a": [1, 2, 3]})"),
            "p=[[1,2],[2,3]] q=true r=true");
}

TEST(RegoEvalSemanticsTest, DefaultFunctionsAndElseInFunctions) {
  const char* m = R"(package t
default f(_) := "default"
f(x) := "big" if x > 10
g(x) := "a" if { x == 1 } else := "b" if { x == 2 } else := "c"
p := [f(1), f(11), g(1), g(2), g(3)]
)";
  EXPECT_EQ(RunRego(m, "x := data.t.p"), R"(x=["default","big","a","b","c"])");
}

TEST(RegoEvalSemanticsTest, WithInvalidatesMemoisedRules) {
  const char* m = R"(package t
base := input.v * 2
derived := base + 1
p := [derived, a, derived] if a := derived with input.v as 10
)";
  EXPECT_EQ(RunRego(m, "x := data.t.p", RegoVersion::kV1, R"({"v": 1})"), "x=[3,21,3]");
}

TEST(RegoEvalSemanticsTest, IterationOverVirtualDocuments) {
  const char* m = R"(package t
s contains x if some x in ["b", "a"]
o[k] := v if some k, v in {"k1": 1, "k2": 2}
p contains k if o[k] == 2
q contains x if s[x]
)";
  EXPECT_EQ(RunRego(m, "p := data.t.p; q := data.t.q"), R"(p=["k2"] q=["a","b"])");
  EXPECT_EQ(RunRego(m, "data.t.o[k] = 1"), R"(k="k1")");
}

TEST(RegoEvalSemanticsTest, FalseIsDefinedButFailsABody) {
  const char* m = "package t\nf := false\np if f\nq := f\n";
  EXPECT_EQ(RunRego(m, "p := data.t.p"), "undefined");
  EXPECT_EQ(RunRego(m, "q := data.t.q"), "q=false");
}

TEST(RegoEvalSemanticsTest, BuiltinsWithAnOutputArgument) {
  EXPECT_EQ(RunRego("package t\np := n if count([1, 2, 3], n)\n", "x := data.t.p"), "x=3");
  EXPECT_EQ(RunRego("package t\np := n if plus(1, 2, n)\n", "x := data.t.p"), "x=3");
}

TEST(RegoEvalSemanticsTest, EvalErrorsNameFileAndRow) {
  RunOptions o;
  o.modules = {"package t\n\np := x if {\n  x := 1 / 0\n}\n"};
  o.query = "x := data.t.p";
  o.engine.strict_builtin_errors = true;
  EXPECT_EQ(RunRego(o), "error: m0.rego:4: eval_builtin_error: div: divide by zero");
}

TEST(RegoEvalSemanticsTest, LimitErrorsHaveTheirErrc) {
  EngineOptions eo;
  eo.timeout_ms = 30;
  Engine e(eo);
  ASSERT_TRUE(e.AddModule("t.rego",
                          "package t\np := count([1 | some a in numbers.range(1, 4000); "
                          "some b in numbers.range(1, 4000)])\n")
                  .ok());
  auto r = e.Query("x := data.t.p");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kTimeout);
  EngineOptions small;
  small.max_output_bytes = 10;
  Engine e2(small);
  ASSERT_TRUE(e2.AddModule("t.rego", "package t\np := \"a long string value\"\n").ok());
  auto r2 = e2.Query("x := data.t.p");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code(), Errc::kTooLarge);
}

TEST(RegoEvalSemanticsTest, NowNsIsFixedPerEngineOption) {
  RunOptions o;
  o.modules = {"package t\np := [time.now_ns(), time.now_ns()]\n"};
  o.query = "x := data.t.p";
  o.engine.now_ns = 42;
  EXPECT_EQ(RunRego(o), "x=[42,42]");
}

}  // namespace
}  // namespace attestfs::rego

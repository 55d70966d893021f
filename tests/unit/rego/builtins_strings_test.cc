// String builtins, sprintf, regex and glob.
#include "builtins_test_util.h"

namespace attestfs::rego::testing {
namespace {

class StringsTest : public BuiltinsTest {};

TEST_F(StringsTest, Basics) {
  EXPECT_EQ(Eval("concat", {S("/"), J(R"(["", "foo", "bar"])")}), R"("/foo/bar")");
  EXPECT_EQ(Eval("concat", {S(","), SetOf({S("b"), S("a")})}), R"("a,b")");
  EXPECT_EQ(Eval("concat", {S(","), J(R"(["a", 1])")}),
            "error: eval_type_error: concat: operand 2 must be array of strings but got array "
            "containing number");
  EXPECT_EQ(Eval("contains", {S("abcdefgh"), S("defg")}), "true");
  EXPECT_EQ(Eval("startswith", {S("abc"), S("ab")}), "true");
  EXPECT_EQ(Eval("endswith", {S("abc"), S("ab")}), "false");
  EXPECT_EQ(Eval("lower", {S("AbÅ")}), R"("abå")");
  EXPECT_EQ(Eval("upper", {S("abå")}), R"("ABÅ")");
  EXPECT_EQ(Eval("split", {S("a.b.c"), S(".")}), R"(["a","b","c"])");
  EXPECT_EQ(Eval("split", {S("test"), S("")}), R"(["t","e","s","t"])");
  EXPECT_EQ(Eval("split", {S(""), S("")}), "[]");
  EXPECT_EQ(Eval("replace", {S("foo...bar"), S(".."), S(",,")}), R"("foo,,.bar")");
  EXPECT_EQ(Eval("strings.reverse", {J("1")}),
            "error: eval_type_error: strings.reverse: operand 1 must be string but got number");
  EXPECT_EQ(Eval("strings.reverse", {S("a😀b")}), R"("b😀a")");
}

TEST_F(StringsTest, HostileSizesAreRefused) {
  std::string big(1 << 20, 'a');
  BuiltinResult r = Call("replace", {S(big), S(""), S(std::string(1 << 10, 'x'))});
  EXPECT_TRUE(r.halt());
  EXPECT_EQ(r.message(), "replace: result too large");
  std::string fmt;
  for (int i = 0; i < 20000; ++i) fmt += "%9999d";
  Array args(20000, Value::Int(1));
  EXPECT_TRUE(Call("sprintf", {S(fmt), Value::FromArray(args)}).halt());
  EXPECT_TRUE(Call("regex.replace", {S(big), S("a"), S(std::string(1 << 10, 'y'))}).halt());
  // Substring search is linear: a megabyte of 'a' against 'a'x4096 + 'b' answers at once.
  std::string needle = std::string(4096, 'a') + "b";
  EXPECT_EQ(Eval("contains", {S(big), S(needle)}), "false");
  EXPECT_EQ(Eval("indexof", {S(big), S(needle)}), "-1");
  EXPECT_EQ(Eval("strings.count", {S(big), S(needle)}), "0");
  EXPECT_EQ(Eval("indexof_n", {S(big + needle), S(needle)}),
            std::to_string(1 << 20).insert(0, "[") + "]");
  EXPECT_TRUE(Call("strings.replace_n",
                   {Value::FromObject({{S("a"), S(std::string(1 << 10, 'z'))}}), S(big)})
                  .halt());
}

TEST_F(StringsTest, SubstringAndIndex) {
  EXPECT_EQ(Eval("substring", {S("abcdefgh"), J("2"), J("3")}), R"("cde")");
  EXPECT_EQ(Eval("substring", {S("aåäö"), J("2"), J("-1")}), R"("äö")");
  EXPECT_EQ(Eval("substring", {S("aaa"), J("4"), J("-1")}), R"("")");
  EXPECT_EQ(Eval("substring", {S("aaa"), J("-1"), J("-1")}),
            "error: eval_builtin_error: substring: negative offset");
  EXPECT_EQ(Eval("indexof", {S("skön var våren"), S("vår")}), "9");
  EXPECT_EQ(Eval("indexof", {S("μ"), S("μμ")}), "-1");
  EXPECT_EQ(Eval("indexof_n", {S("😇😀😇😀😇😀"), S("😀")}), "[1,3,5]");
  EXPECT_EQ(Eval("strings.count", {S("11111"), S("11")}), "2");
  EXPECT_EQ(Eval("strings.count", {S("dummy"), S("")}), "6");
}

TEST_F(StringsTest, Trim) {
  EXPECT_EQ(Eval("trim", {S("...foo.bar..."), S(".fr")}), R"("oo.ba")");
  EXPECT_EQ(Eval("trim_left", {S("..a.."), S(".")}), R"("a..")");
  EXPECT_EQ(Eval("trim_right", {S("..a.."), S(".")}), R"("..a")");
  EXPECT_EQ(Eval("trim_prefix", {S("foobar"), S("foo")}), R"("bar")");
  EXPECT_EQ(Eval("trim_suffix", {S("foobar"), S("bar")}), R"("foo")");
  EXPECT_EQ(Eval("trim_space", {S(" \t x y \n")}), R"("x y")");
}

TEST_F(StringsTest, FormatIntAndPrefixMatch) {
  EXPECT_EQ(Eval("format_int", {J("15.5"), J("16")}), R"("f")");
  EXPECT_EQ(Eval("format_int", {J("-5"), J("2")}), R"("-101")");
  EXPECT_EQ(Eval("format_int", {J("4.1"), J("199")}),
            "error: eval_type_error: format_int: operand 2 must be one of {2, 8, 10, 16}");
  EXPECT_EQ(Eval("strings.any_prefix_match", {S("foobar"), J(R"(["x","foo"])")}), "true");
  EXPECT_EQ(Eval("strings.any_suffix_match", {SetOf({S("a.com")}), S(".org")}), "false");
  EXPECT_EQ(Eval("strings.any_prefix_match", {J(R"(["a", 1])"), S("a")}),
            "error: eval_type_error: strings.any_prefix_match: operand 1 must be array of strings "
            "but got array containing number");
  EXPECT_EQ(Eval("strings.any_prefix_match", {S("a"), J("1")}),
            "error: eval_type_error: strings.any_prefix_match: operand 2 must be one of {string, "
            "set, array} but got number");
}

TEST_F(StringsTest, ReplaceN) {
  EXPECT_EQ(Eval("strings.replace_n", {J(R"({"<":"&lt;",">":"&gt;"})"), S("<b>x</b>")}),
            R"("&lt;b&gt;x&lt;/b&gt;")");
  EXPECT_EQ(Eval("strings.replace_n", {J(R"({"f":"x","foo":"xxx"})"), S("foobar")}), R"("xoobar")");
  EXPECT_EQ(Eval("strings.replace_n", {J(R"({"a":1})"), S("a")}),
            "error: eval_type_error: strings.replace_n: operand 1 non-string value found in "
            "pattern object");
}

TEST_F(StringsTest, Sprintf) {
  auto f = [&](const std::string& fmt, const std::string& args) {
    return Eval("sprintf", {S(fmt), J(args)});
  };
  EXPECT_EQ(f("hi %s", R"(["there"])"), R"("hi there")");
  EXPECT_EQ(f("hi %02d", "[5]"), R"("hi 05")");
  EXPECT_EQ(f("hi %02X.%02X", "[127, 1]"), R"("hi 7F.01")");
  EXPECT_EQ(f("hi %.2f", "[3.1415]"), R"("hi 3.14")");
  EXPECT_EQ(f("hi %s", "[true]"), R"("hi true")");
  EXPECT_EQ(f("hi %v", R"([["there", 5, 3.14]])"), R"("hi [\"there\", 5, 3.14]")");
  EXPECT_EQ(f("%v", R"([{"a": null}])"), R"("{\"a\": null}")");
  EXPECT_EQ(f("%d", R"(["x"])"), R"~("%!d(string=x)")~");
  EXPECT_EQ(f("%d %d", "[1]"), R"~("1 %!d(MISSING)")~");
  EXPECT_EQ(f("%d", "[1, 2]"), R"~("1%!(EXTRA int=2)")~");
  EXPECT_EQ(f("%5s|%-5s|", R"(["a","b"])"), R"("    a|b    |")");
  EXPECT_EQ(f("%q", R"(["a\"b"])"), R"("\"a\\\"b\"")");
  EXPECT_EQ(f("%x", R"(["hi"])"), R"("6869")");
  EXPECT_EQ(f("%v", "[1234567.5]"), R"("1.2345675e+06")");
  EXPECT_EQ(f("%v", "[0.000012]"), R"("1.2e-05")");
  EXPECT_EQ(f("%e", "[1234.5678]"), R"("1.234568e+03")");
  EXPECT_EQ(f("%g", "[0.5]"), R"("0.5")");
  EXPECT_EQ(f("100%%", "[]"), R"("100%")");
  EXPECT_EQ(f("%d %v", "[1e20, 1e20]"), R"("100000000000000000000 100000000000000000000")");
  EXPECT_EQ(f("%v", R"([[]])"), R"("[]")");
  EXPECT_EQ(Eval("sprintf", {S("%v"), Value::FromArray({SetOf({})})}), R"~("set()")~");
}

TEST_F(StringsTest, Regex) {
  EXPECT_EQ(Eval("regex.match", {S("^[a-z]+\\[[0-9]+\\]$"), S("foo[1]")}), "true");
  EXPECT_EQ(Eval("re_match", {S("^$"), S("x")}), "false");
  EXPECT_NE(Eval("regex.match", {S("$^[[["), S("x")}).find("eval_builtin_error"),
            std::string::npos);
  EXPECT_EQ(Eval("regex.is_valid", {S("++")}), "false");
  EXPECT_EQ(Eval("regex.is_valid", {J("1")}), "false");
  EXPECT_EQ(Eval("regex.find_n", {S("a."), S("paranormal"), J("-1")}), R"(["ar","an","al"])");
  EXPECT_EQ(Eval("regex.find_n", {S("a."), S("paranormal"), J("2")}), R"(["ar","an"])");
  EXPECT_EQ(Eval("regex.find_n", {S("^a."), S("abacadaeaf"), J("-1")}), R"(["ab"])");
  EXPECT_EQ(Eval("regex.find_all_string_submatch_n",
                 {S("[^aouiye]([aouiye])([^aouiye])?"), S("somestri"), J("-1")}),
            R"([["som","o","m"],["ri","i",""]])");
  EXPECT_EQ(Eval("regex.find_n", {S("x*"), S("abc"), J("-1")}), R"(["","","",""])");
  EXPECT_EQ(Eval("regex.replace", {S("-wy-wxxy-"), S("w(x*)y"), S("0")}), R"("-0-0-")");
  EXPECT_EQ(Eval("regex.replace", {S("foo"), S("(foo)"), S("$1$1")}), R"("foofoo")");
  EXPECT_EQ(Eval("regex.replace", {S("foo barx"), S("[a-z]{2}"), S("_")}), R"("_o __")");
  EXPECT_EQ(Eval("regex.replace", {S("abc"), S("x*"), S("-")}), R"("-a-b-c-")");
  EXPECT_EQ(Eval("regex.split", {S("a"), S("banana")}), R"(["b","n","n",""])");
  EXPECT_EQ(Eval("regex.split", {S(","), S("")}), R"([""])");
  EXPECT_EQ(Eval("regex.template_match", {S("urn:foo:{.*}"), S("urn:foo:bar:baz"), S("{"), S("}")}),
            "true");
  EXPECT_EQ(Eval("regex.template_match", {S("urn:foo:{[0-9]+}"), S("urn:foo:bar"), S("{"), S("}")}),
            "false");
  EXPECT_EQ(Eval("regex.template_match",
                 {S("/users/id-{[0-9]{1,4}}/update"), S("/users/id-123/update"), S("{"), S("}")}),
            "true");
  EXPECT_EQ(Eval("regex.template_match", {S("/users/id-{[0-9]{1,4}}/update"),
                                          S("/users/id-123123/update"), S("{"), S("}")}),
            "false");
  EXPECT_EQ(Eval("regex.template_match", {S("t-(10+)-235"), S("t-10000-235"), S("("), S(")")}),
            "true");
  EXPECT_EQ(Eval("regex.split", {S("/"), S("foo//bar/baz")}), R"(["foo","","bar","baz"])");
  EXPECT_FALSE(memo_.empty());  // compiled patterns cached
}

TEST_F(StringsTest, Glob) {
  auto g = [&](const std::string& p, Value d, const std::string& s) {
    return Eval("glob.match", {S(p), d, S(s)});
  };
  EXPECT_EQ(g("*.github.com", J(R"(["."])"), "api.github.com"), "true");
  EXPECT_EQ(g("api.**.com", J(R"(["."])"), "api.cdn.github.com"), "true");
  EXPECT_EQ(g("*.github.com", J(R"(["."])"), "api.not-github.com"), "false");
  EXPECT_EQ(g("[!abc]at", J("[]"), "fat"), "true");
  EXPECT_EQ(g("[a-c]at", J("[]"), "fat"), "false");
  EXPECT_EQ(g("?at", J(R"(["f"])"), "fat"), "false");
  EXPECT_EQ(g("{cat,bat,[fr]at}", J("[]"), "rat"), "true");
  EXPECT_EQ(g("*", J("[]"), "foo.bar"), "false");
  EXPECT_EQ(g("*", J("null"), "foo.bar"), "true");
  EXPECT_EQ(g("a\\*b", J("null"), "a*b"), "true");
  EXPECT_NE(g("[abc", J("null"), "a").find("eval_builtin_error"), std::string::npos);
  EXPECT_EQ(Eval("glob.quote_meta", {S("*.github.com")}), R"("\\*.github.com")");
}

}  // namespace
}  // namespace attestfs::rego::testing

// Aggregates, comparison, arithmetic, sets, types and casts.
#include "builtins_test_util.h"

namespace attestfs::rego::testing {
namespace {

class NumbersTest : public BuiltinsTest {};

TEST_F(NumbersTest, Count) {
  EXPECT_EQ(Eval("count", {J("[1,2,3]")}), "3");
  EXPECT_EQ(Eval("count", {S("åäö")}), "3");
  EXPECT_EQ(Eval("count", {J(R"({"a":1})")}), "1");
  EXPECT_EQ(Eval("count", {J("null")}),
            "error: eval_type_error: count: operand 1 must be one of {array, object, set, string} "
            "but got null");
}

TEST_F(NumbersTest, SumProductMaxMinSort) {
  EXPECT_EQ(Eval("sum", {J("[1,2,3.5]")}), "6.5");
  EXPECT_EQ(Eval("product", {SetOf({J("2"), J("3")})}), "6");
  EXPECT_EQ(Eval("sum", {J(R"([1,"a"])")}),
            "error: eval_type_error: sum: operand 1 must be array of numbers but got array "
            "containing string");
  EXPECT_EQ(Eval("max", {J("[1,3,2]")}), "3");
  EXPECT_EQ(Eval("min", {J(R"([1,"a",null])")}), "null");
  EXPECT_EQ(Eval("max", {J("[]")}), "undefined");
  EXPECT_EQ(Eval("sort", {J(R"([3,"a",1,null])")}), R"([null,1,3,"a"])");
}

TEST_F(NumbersTest, Arithmetic) {
  EXPECT_EQ(Eval("plus", {J("1"), J("2")}), "3");
  EXPECT_EQ(Eval("plus", {J("9223372036854775807"), J("1")}),
            Value::Float(9223372036854775808.0).ToJson());
  EXPECT_EQ(Eval("minus", {J("1"), J("2.5")}), "-1.5");
  EXPECT_EQ(Eval("mul", {J("3"), J("4")}), "12");
  EXPECT_EQ(Eval("div", {J("6"), J("3")}), "2");
  EXPECT_EQ(Eval("div", {J("1"), J("4")}), "0.25");
  EXPECT_EQ(Eval("div", {J("1"), J("0")}), "error: eval_builtin_error: div: divide by zero");
  EXPECT_EQ(Eval("rem", {J("7"), J("4")}), "3");
  EXPECT_EQ(Eval("rem", {J("-7"), J("4")}), "-3");
  EXPECT_EQ(Eval("rem", {J("7"), J("0")}), "error: eval_builtin_error: rem: modulo by zero");
  EXPECT_EQ(Eval("rem", {J("1.1"), J("1")}),
            "error: eval_builtin_error: rem: modulo on floating-point number");
  EXPECT_EQ(Eval("abs", {J("-10")}), "10");
  EXPECT_EQ(Eval("ceil", {J("1.01")}), "2");
  EXPECT_EQ(Eval("floor", {J("-1.001")}), "-2");
  EXPECT_EQ(Eval("round", {J("2.5")}), "3");
  EXPECT_EQ(Eval("round", {J("-2.5")}), "-3");
  EXPECT_EQ(Eval("plus", {S("a"), J("1")}),
            "error: eval_type_error: plus: operand 1 must be number but got string");
}

TEST_F(NumbersTest, MinusOnSets) {
  EXPECT_EQ(Eval("minus", {SetOf({J("1"), J("2")}), SetOf({J("2")})}), "[1]");
  EXPECT_EQ(Eval("minus", {SetOf({J("1")}), J("1")}),
            "error: eval_type_error: minus: operand 2 must be set but got number");
  EXPECT_EQ(Eval("minus", {J("1"), SetOf({J("1")})}),
            "error: eval_type_error: minus: operand 2 must be number but got set");
}

TEST_F(NumbersTest, Range) {
  EXPECT_EQ(Eval("numbers.range", {J("1"), J("4")}), "[1,2,3,4]");
  EXPECT_EQ(Eval("numbers.range", {J("2"), J("-1")}), "[2,1,0,-1]");
  EXPECT_EQ(Eval("numbers.range", {J("1.5"), J("4")}),
            "error: eval_type_error: numbers.range: operand 1 must be integer number but got "
            "floating-point number");
  EXPECT_EQ(Eval("numbers.range_step", {J("0"), J("10"), J("4")}), "[0,4,8]");
  EXPECT_EQ(Eval("numbers.range_step", {J("10"), J("0"), J("4")}), "[10,6,2]");
  EXPECT_EQ(Eval("numbers.range_step", {J("0"), J("10"), J("0")}),
            "error: eval_builtin_error: numbers.range_step: step must be a positive integer");
  EXPECT_EQ(Eval("numbers.range_step", {J("0"), J("-10"), J("2")}), "[0,-2,-4,-6,-8,-10]");
  EXPECT_EQ(Eval("numbers.range_step", {J("0"), J("10"), J("99999999999999999999")}), "[0]");
  EXPECT_EQ(Eval("numbers.range", {J("9223372036854775806"), J("9223372036854775807")}),
            "[9223372036854775806,9223372036854775807]");
  ctx_.max_output_elements = 100;
  EXPECT_NE(Eval("numbers.range", {J("0"), J("1000000000000")}).find("range too large"),
            std::string::npos);
}

TEST_F(NumbersTest, Sets) {
  Value a = SetOf({J("1"), J("2"), J("3")}), b = SetOf({J("2"), J("3"), J("4")});
  EXPECT_EQ(Eval("and", {a, b}), "[2,3]");
  EXPECT_EQ(Eval("or", {a, b}), "[1,2,3,4]");
  EXPECT_EQ(Eval("intersection", {SetOf({a, b})}), "[2,3]");
  EXPECT_EQ(Eval("union", {SetOf({a, b})}), "[1,2,3,4]");
  EXPECT_EQ(
      Eval("union", {SetOf({J("1")})}),
      "error: eval_type_error: union: operand 1 must be set of sets but got set containing number");
}

TEST_F(NumbersTest, TypesAndCasts) {
  EXPECT_EQ(Eval("is_number", {J("1.5")}), "true");
  EXPECT_EQ(Eval("is_number", {J("null")}), "false");
  EXPECT_EQ(Eval("is_set", {SetOf({})}), "true");
  EXPECT_EQ(Eval("type_name", {SetOf({})}), R"("set")");
  EXPECT_EQ(Eval("to_number", {S("-42.0")}), "-42");
  EXPECT_EQ(Eval("to_number", {S("100.1")}), "100.1");
  EXPECT_EQ(Eval("to_number", {J("true")}), "1");
  EXPECT_EQ(Eval("to_number", {J("null")}), "0");
  EXPECT_NE(Eval("to_number", {S("broken")}).find("eval_builtin_error"), std::string::npos);
  EXPECT_NE(Eval("to_number", {S("broken")}).find("invalid syntax"), std::string::npos);
  EXPECT_NE(Eval("to_number", {S("-Infinity")}).find("eval_type_error"), std::string::npos);
  EXPECT_NE(Eval("to_number", {S("nan")}).find("eval_type_error"), std::string::npos);
  EXPECT_EQ(Eval("equal", {J("1"), J("1.0")}), "true");
  EXPECT_EQ(Eval("lt", {J("null"), J("false")}), "true");
}

TEST_F(NumbersTest, Bits) {
  EXPECT_EQ(Eval("bits.and", {J("12"), J("10")}), "8");
  EXPECT_EQ(Eval("bits.or", {J("12"), J("10")}), "14");
  EXPECT_EQ(Eval("bits.xor", {J("12"), J("10")}), "6");
  EXPECT_EQ(Eval("bits.negate", {J("0")}), "-1");
  EXPECT_EQ(Eval("bits.lsh", {J("1"), J("4")}), "16");
  EXPECT_EQ(Eval("bits.rsh", {J("-16"), J("2")}), "-4");
}

}  // namespace
}  // namespace attestfs::rego::testing

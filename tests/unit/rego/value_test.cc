// Value: OPA's total order, number normalisation, JSON reading and JSON/Rego printing.
#include "rego/value.h"

#include <gtest/gtest.h>

namespace attestfs::rego {
namespace {

Value J(const char* text) {
  auto v = Value::ParseJson(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : Value();
}

TEST(ValueTest, TypeOrderFollowsOpa) {
  std::vector<Value> ordered = {Value(),
                                Value::Bool(false),
                                Value::Bool(true),
                                Value::Int(-3),
                                Value::Float(2.5),
                                Value::String("a"),
                                J("[1]"),
                                J("{}"),
                                Value::FromSet({Value::Int(1)})};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(ordered[i], ordered[i + 1]) << i;
  }
}

TEST(ValueTest, NumbersCompareByValue) {
  EXPECT_EQ(Value::Int(1), Value::Float(1.0));
  EXPECT_TRUE(Value::Float(3.0).is_int());
  EXPECT_FALSE(Value::Float(0.5).is_int());
  EXPECT_LT(Value::Int(1), Value::Float(1.5));
  EXPECT_EQ(J("1.0").Hash(), Value::Int(1).Hash());
}

TEST(ValueTest, ObjectsCompareKeysThenValues) {
  EXPECT_LT(J(R"({"a":2})"), J(R"({"b":1})"));
  EXPECT_LT(J(R"({"a":1})"), J(R"({"a":2})"));
  EXPECT_LT(J(R"({"a":1})"), J(R"({"a":1,"b":0})"));
  EXPECT_EQ(J(R"({"b":1,"a":[true,null]})"), J(R"({"a":[true,null],"b":1})"));
}

TEST(ValueTest, JsonRoundTripsAndSortsKeys) {
  EXPECT_EQ(J(R"({"z":1,"a":[1,2.5,"x\n\u00e9"],"n":null})").ToJson(),
            R"({"a":[1,2.5,"x\né"],"n":null,"z":1})");
  EXPECT_EQ(J("1e3").ToJson(), "1000");
  EXPECT_EQ(J("0.1").ToJson(), "0.1");
  EXPECT_EQ(J("\"\\ud83d\\ude00\"").string(), "\xF0\x9F\x98\x80");
}

TEST(ValueTest, SetsPrintAsSortedArraysInJsonAndBracesInRego) {
  Value s = Value::FromSet({Value::String("b"), Value::String("a")});
  EXPECT_EQ(s.ToJson(), R"(["a","b"])");
  EXPECT_EQ(s.ToRego(), R"({"a", "b"})");
  EXPECT_EQ(Value::FromSet({}).ToRego(), "set()");
  EXPECT_EQ(J(R"({"k":[1,{"x":true}]})").ToRego(), R"({"k": [1, {"x": true}]})");
}

TEST(ValueTest, GetIndexesObjectsArraysAndSets) {
  Value v = J(R"({"a":[10,20]})");
  const Value* a = v.Get(Value::String("a"));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->Get(Value::Int(1)), nullptr);
  EXPECT_EQ(*a->Get(Value::Int(1)), Value::Int(20));
  EXPECT_EQ(a->Get(Value::Int(2)), nullptr);
  EXPECT_EQ(a->Get(Value::Float(0.5)), nullptr);
  EXPECT_EQ(a->Get(Value::String("0")), nullptr);
  Value s = Value::FromSet({Value::Int(1)});
  EXPECT_NE(s.Get(Value::Int(1)), nullptr);
  EXPECT_EQ(s.Get(Value::Int(2)), nullptr);
}

TEST(ValueTest, MalformedJsonIsRefusedWithOffset) {
  for (const char* bad :
       {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\x01\"", "tru", "[1] x", "\"\\x\""}) {
    auto v = Value::ParseJson(bad);
    EXPECT_FALSE(v.ok()) << bad;
    if (!v.ok()) {
      EXPECT_NE(v.error().message().find("offset"), std::string::npos);
    }
  }
  std::string deep(600, '[');
  deep += std::string(600, ']');
  auto v = Value::ParseJson(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message().find("nested deeper"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::rego

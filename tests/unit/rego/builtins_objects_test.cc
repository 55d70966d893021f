// Object, array, walk, JSON, YAML and encoding builtins.
#include "builtins_test_util.h"

namespace attestfs::rego::testing {
namespace {

class ObjectsTest : public BuiltinsTest {};

TEST_F(ObjectsTest, ObjectGetKeysRemoveFilter) {
  EXPECT_EQ(Eval("object.get", {J(R"({"a":"b"})"), S("a"), S("c")}), R"("b")");
  EXPECT_EQ(Eval("object.get", {J(R"({"a":"b"})"), S("x"), S("c")}), R"("c")");
  EXPECT_EQ(Eval("object.get", {J(R"({"a":{"b":[{"c":1}]}})"), J(R"(["a","b",0,"c"])"), J("2")}),
            "1");
  EXPECT_EQ(Eval("object.get", {J(R"({"a":1})"), J("[]"), J("2")}), R"({"a":1})");
  EXPECT_EQ(Eval("object.get", {S("x"), J(R"(["a"])"), J("2")}),
            "error: eval_type_error: object.get: operand 1 must be object but got string");
  EXPECT_EQ(Eval("object.keys", {J(R"({"a":1,"b":2})")}), R"(["a","b"])");
  EXPECT_EQ(Eval("object.remove", {J(R"({"a":1,"b":2})"), J(R"(["a"])")}), R"({"b":2})");
  EXPECT_EQ(Eval("object.remove", {J(R"({"a":1,"b":2})"), J(R"({"b":0})")}), R"({"a":1})");
  EXPECT_EQ(Eval("object.remove", {J(R"({"a":1})"), S("a")}),
            "error: eval_type_error: object.remove: operand 2 must be one of {object, set, array} "
            "but got string");
  EXPECT_EQ(Eval("object.filter", {J(R"({"a":1,"b":2})"), SetOf({S("a"), S("z")})}), R"({"a":1})");
}

TEST_F(ObjectsTest, UnionAndSubset) {
  EXPECT_EQ(Eval("object.union", {J(R"({"a":{"b":{"c":1}},"e":1})"),
                                  J(R"({"a":{"b":"foo","b1":"bar"},"d":7,"e":17})")}),
            R"({"a":{"b":"foo","b1":"bar"},"d":7,"e":17})");
  EXPECT_EQ(Eval("object.union", {J(R"({"a":{"x":1}})"), J(R"({"a":{"y":2}})")}),
            R"({"a":{"x":1,"y":2}})");
  EXPECT_EQ(Eval("object.union_n", {J(R"([{"a":1},{"b":2},{"a":3}])")}), R"({"a":3,"b":2})");
  EXPECT_EQ(
      Eval("object.subset", {J(R"({"a":5,"b":7,"n":{"x":1,"y":2}})"), J(R"({"a":5,"n":{"y":2}})")}),
      "true");
  EXPECT_EQ(Eval("object.subset", {J("[1,2,3,4,5,6]"), J("[3,4,5]")}), "true");
  EXPECT_EQ(Eval("object.subset", {J("[1,2,3,4,5,6]"), J("[4,5,6,8]")}), "false");
  EXPECT_EQ(Eval("object.subset", {J("[1,2,3]"), SetOf({J("3"), J("1")})}), "true");
}

TEST_F(ObjectsTest, Arrays) {
  EXPECT_EQ(Eval("array.concat", {J("[1,2]"), J("[3]")}), "[1,2,3]");
  EXPECT_EQ(Eval("array.concat", {J("{}"), J("[3]")}),
            "error: eval_type_error: array.concat: operand 1 must be array but got object");
  EXPECT_EQ(Eval("array.slice", {J("[1,2,3,4,5]"), J("-1"), J("2")}), "[1,2]");
  EXPECT_EQ(Eval("array.slice", {J("[1,2,3,4,5]"), J("4"), J("1")}), "[]");
  EXPECT_EQ(Eval("array.reverse", {J("[1,2,3]")}), "[3,2,1]");
  EXPECT_EQ(Eval("array.flatten", {J(R"([1,[2,[3,[]]],"s"])")}), R"([1,2,[3,[]],"s"])");
}

TEST_F(ObjectsTest, Walk) {
  const BuiltinDef* d = registry_.Find("walk");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->relation);
  EXPECT_EQ(Eval("walk", {J("[1,2]")}), "[[[],[1,2]],[[0],1],[[1],2]]");
  EXPECT_EQ(Eval("walk", {J(R"({"a":{"b":1}})")}),
            R"([[[],{"a":{"b":1}}],[["a"],{"b":1}],[["a","b"],1]])");
}

TEST_F(ObjectsTest, GraphReachable) {
  Value g = J(R"({"a":["b"],"b":["c","a"],"c":[],"d":["a"]})");
  EXPECT_EQ(Eval("graph.reachable", {g, J(R"(["a"])")}), R"(["a","b","c"])");
  EXPECT_EQ(Eval("graph.reachable", {g, SetOf({S("d"), S("zz")})}), R"(["a","b","c","d"])");
  EXPECT_EQ(Eval("graph.reachable", {g, J("[]")}), "[]");
}

TEST_F(ObjectsTest, Json) {
  EXPECT_EQ(Eval("json.marshal", {Value::FromArray({J(R"({"foo":1})"), SetOf({J("2"), J("1")})})}),
            R"("[{\"foo\":1},[1,2]]")");
  EXPECT_EQ(Eval("json.marshal_with_options", {J("[1,2]"), J(R"({"prefix":"P"})")}),
            R"("P[\nP\t1,\nP\t2\nP]")");
  EXPECT_EQ(Eval("json.marshal_with_options", {J("[]"), J(R"({"indent":"  ","prefix":"---"})")}),
            R"("---[]")");
  EXPECT_EQ(Eval("json.marshal_with_options", {J(R"({"a":1})"), J(R"({"indent":"  "})")}),
            R"("{\n  \"a\": 1\n}")");
  EXPECT_EQ(Eval("json.marshal_with_options", {J("[1]"), J(R"({"pretty":false,"indent":"x"})")}),
            R"("[1]")");
  EXPECT_EQ(Eval("json.marshal_with_options", {J("[]"), J(R"({"lottery":true})")}),
            "error: eval_type_error: json.marshal_with_options: operand 2 object contained unknown "
            "key \"lottery\"");
  EXPECT_EQ(Eval("json.unmarshal", {S(R"([{"foo":[1,2,3]}])")}), R"([{"foo":[1,2,3]}])");
  EXPECT_NE(Eval("json.unmarshal", {S("{")}).find("eval_builtin_error"), std::string::npos);
  EXPECT_EQ(Eval("json.is_valid", {S("plain")}), "false");
  EXPECT_EQ(Eval("json.is_valid", {J("1")}), "false");
}

TEST_F(ObjectsTest, JsonFilterRemovePatch) {
  Value doc = J(R"({"a":{"b":{"c":7,"d":8}},"e":9})");
  EXPECT_EQ(Eval("json.filter", {doc, SetOf({S("a/b/c"), S("e")})}),
            R"({"a":{"b":{"c":7}},"e":9})");
  EXPECT_EQ(Eval("json.filter", {J(R"({"a":{"b":7}})"), SetOf({S("a"), S("a/b")})}),
            R"({"a":{"b":7}})");
  EXPECT_EQ(
      Eval("json.filter", {J(R"({"a":[{"b":7,"c":8},{"d":9}]})"), SetOf({S("a/0/b"), S("a/1")})}),
      R"({"a":[{"b":7},{"d":9}]})");
  EXPECT_EQ(Eval("json.filter", {doc, J(R"([["a","b","c"],["e"]])")}),
            R"({"a":{"b":{"c":7}},"e":9})");
  EXPECT_EQ(Eval("json.remove", {doc, J(R"(["a/b/c","e"])")}), R"({"a":{"b":{"d":8}}})");
  EXPECT_EQ(Eval("json.remove", {J(R"({"a":[1,2,3]})"), J(R"(["a/1"])")}), R"({"a":[1,3]})");
  EXPECT_EQ(Eval("json.remove", {doc, J("[1]")}),
            "error: eval_type_error: json.remove: operand 2 must be one of {set, array} containing "
            "string paths or array of path segments but got number");
  EXPECT_EQ(Eval("json.remove", {S("x"), J("[]")}),
            "error: eval_type_error: json.remove: operand 1 must be object but got string");
  EXPECT_EQ(
      Eval(
          "json.patch",
          {J(R"({"a":{"b":[1]}})"),
           J(R"([{"op":"add","path":"/a/b/-","value":2},{"op":"replace","path":"/a/c","value":3}])")}),
      "undefined");
  EXPECT_EQ(
      Eval(
          "json.patch",
          {J(R"({"a":{"b":[1]}})"),
           J(R"([{"op":"add","path":"/a/b/-","value":2},{"op":"add","path":["a","c"],"value":3},{"op":"move","from":"/a/c","path":"/d"}])")}),
      R"({"a":{"b":[1,2]},"d":3})");
}

TEST_F(ObjectsTest, JsonPatchPointers) {
  auto patch = [&](const std::string& doc, const std::string& ops) {
    return Eval("json.patch", {J(doc), J(ops)});
  };
  EXPECT_EQ(patch("{}", R"([{"op":"add","path":"/","value":1}])"), R"({"":1})");
  EXPECT_EQ(patch(R"({"foo":{}})", R"([{"op":"add","path":"/foo/","value":1}])"),
            R"({"foo":{"":1}})");
  EXPECT_EQ(patch(R"({"foo":"bar"})", R"([{"op":"replace","path":"","value":{"baz":"qux"}}])"),
            R"({"baz":"qux"})");
  EXPECT_EQ(patch(R"(["foo","bar"])", R"([{"op":"test","path":"/01","value":"bar"}])"),
            "undefined");
  EXPECT_EQ(patch(R"(["foo","sil"])", R"([{"op":"add","path":"/1e0","value":"bar"}])"),
            "undefined");
  EXPECT_EQ(patch(R"({"baz":[{"qux":"hello"}],"bar":1})",
                  R"([{"op":"move","from":"/baz/0/qux","path":"/baz/1"}])"),
            R"({"bar":1,"baz":[{},"hello"]})");
  EXPECT_EQ(patch(R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":10}])"),
            R"({"/":9,"~1":10})");
  EXPECT_EQ(patch("[1,2,3]", R"([{"op":"add","path":"1.2","value":"foo"}])"),
            "error: eval_builtin_error: json.patch: missing or invalid path");
}

TEST_F(ObjectsTest, Yaml) {
  EXPECT_EQ(Eval("yaml.marshal", {J(R"([{"foo":[1,2]}])")}), R"("- foo:\n  - 1\n  - 2\n")");
  EXPECT_EQ(Eval("yaml.marshal", {J(R"({"a":"true","b":{"c":null},"d":[]})")}),
            R"("a: \"true\"\nb:\n  c: null\nd: []\n")");
  EXPECT_EQ(Eval("yaml.unmarshal", {S("- foo:\n  - 1\n  - 2\n")}), R"([{"foo":[1,2]}])");
  EXPECT_EQ(Eval("yaml.unmarshal", {S("a: yes\nb: '1'\nc: 1.5\nd: ~\n1: x\n")}),
            R"({"1":"x","a":true,"b":"1","c":1.5,"d":null})");
  std::string err = Eval("yaml.unmarshal", {S("[1,2,3")});
  EXPECT_NE(err.find("yaml: line 1: did not find"), std::string::npos) << err;
  EXPECT_EQ(Eval("yaml.is_valid", {S("foo:\n  - qux: bar\n  - baz: {")}), "false");
  EXPECT_EQ(Eval("yaml.is_valid", {S(R"({"json": "ok"})")}), "true");
  // Round trip through marshal.
  Value v = J(R"({"k":["a: b","#x","-1",{"n":[[1],[]]}],"empty":"","s":"plain text"})");
  BuiltinResult y = Call("yaml.marshal", {v});
  ASSERT_TRUE(y.has_value());
  BuiltinResult back = Call("yaml.unmarshal", {y.value()});
  ASSERT_TRUE(back.has_value()) << y.value().string();
  EXPECT_EQ(back.value(), v) << y.value().string();
}

TEST_F(ObjectsTest, Encoding) {
  EXPECT_EQ(Eval("base64.encode", {S("subjects?_d")}), R"("c3ViamVjdHM/X2Q=")");
  EXPECT_EQ(Eval("base64.decode", {S("aGVsbG8=")}), R"("hello")");
  EXPECT_EQ(Eval("base64.is_valid", {S("{'not':'base64'}")}), "false");
  EXPECT_EQ(Eval("base64.is_valid", {S("aGVsbG8")}), "false");
  EXPECT_EQ(Eval("base64url.encode", {S("subjects?_d")}), R"("c3ViamVjdHM_X2Q=")");
  EXPECT_EQ(Eval("base64url.encode_no_pad", {S("hello")}), R"("aGVsbG8")");
  EXPECT_EQ(Eval("base64url.decode", {S("aGVsbG8")}), R"("hello")");
  EXPECT_EQ(Eval("base64url.decode", {S("aGVsbG8=")}), R"("hello")");
  EXPECT_EQ(Eval("hex.encode", {S("hi")}), R"("6869")");
  EXPECT_EQ(Eval("hex.decode", {S("6869")}), R"("hi")");
  EXPECT_NE(Eval("hex.decode", {S("6g")}).find("invalid byte"), std::string::npos);
  EXPECT_EQ(Eval("urlquery.encode", {S("a b&c=d/é")}), R"("a+b%26c%3Dd%2F%C3%A9")");
  EXPECT_EQ(Eval("urlquery.decode", {S("a+b%26c")}), R"("a b&c")");
  EXPECT_NE(Eval("urlquery.decode", {S("%zz")}).find("invalid URL escape"), std::string::npos);
  EXPECT_EQ(Eval("urlquery.encode_object", {J(R"({"b":["x","y"],"a":"1 2"})")}),
            R"("a=1+2&b=x&b=y")");
  EXPECT_EQ(Eval("urlquery.decode_object", {S("a=1&b=x&b=y&c")}),
            R"({"a":["1"],"b":["x","y"],"c":[""]})");
}

}  // namespace
}  // namespace attestfs::rego::testing

// Test helpers for the builtin families: call a standard builtin by name with JSON-written
// operands and read back the value or the error text.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rego/builtin_registry.h"

namespace attestfs::rego::testing {

inline Value J(const std::string& json) {
  auto v = Value::ParseJson(json);
  EXPECT_TRUE(v.ok()) << json;
  return v.ok() ? std::move(v).value() : Value();
}

inline Value S(const std::string& s) { return Value::String(s); }

inline Value SetOf(std::vector<Value> xs) { return Value::FromSet(Set(xs.begin(), xs.end())); }

class BuiltinsTest : public ::testing::Test {
 protected:
  BuiltinsTest() {
    AddStandardBuiltins(registry_);
    ctx_.memo = &memo_;
    ctx_.now_ns = 1'700'000'000'000'000'000;
  }

  BuiltinResult Call(const std::string& name, std::vector<Value> args) {
    const BuiltinDef* d = registry_.Find(name);
    if (!d) {
      ADD_FAILURE() << "no builtin " << name;
      return BuiltinResult::Undefined();
    }
    EXPECT_EQ(d->arity, static_cast<int>(args.size())) << name;
    return d->fn(ctx_, args);
  }

  // The result as JSON, or "error: <code>: <message>", or "undefined".
  std::string Eval(const std::string& name, std::vector<Value> args) {
    BuiltinResult r = Call(name, std::move(args));
    if (r.has_value()) return r.value().ToJson();
    if (r.state() == BuiltinResult::State::kUndefined) return "undefined";
    return "error: " + r.code() + ": " + r.message();
  }

  BuiltinRegistry registry_;
  std::unordered_map<std::string, std::shared_ptr<void>> memo_;
  BuiltinContext ctx_;
};

}  // namespace attestfs::rego::testing

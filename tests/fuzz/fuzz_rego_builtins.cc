// Fuzzes the rego builtins that parse untrusted text (JSON, YAML, Go time layouts and durations,
// RE2 patterns, globs, sprintf formats, base64, URL queries, SemVer, units, numbers): the first
// byte picks the builtin, the rest is split at the first NUL into up to two string operands.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rego/builtin_registry.h"

namespace {

using attestfs::rego::BuiltinContext;
using attestfs::rego::BuiltinRegistry;
using attestfs::rego::Value;

struct Target {
  const char* name;
  int strings;  // string operands taken from the input
};

const Target kTargets[] = {
    {"json.unmarshal", 1},
    {"yaml.unmarshal", 1},
    {"time.parse_ns", 2},
    {"time.parse_rfc3339_ns", 1},
    {"time.parse_duration_ns", 1},
    {"regex.match", 2},
    {"regex.replace", 2},
    {"regex.split", 2},
    {"glob.match", 2},
    {"sprintf", 1},
    {"base64.decode", 1},
    {"base64url.decode", 1},
    {"hex.decode", 1},
    {"urlquery.decode_object", 1},
    {"semver.compare", 2},
    {"units.parse", 1},
    {"units.parse_bytes", 1},
    {"to_number", 1},
    {"regex.template_match", 2},
    {"time.format", 1},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static BuiltinRegistry* registry = [] {
    auto* r = new BuiltinRegistry();
    attestfs::rego::AddStandardBuiltins(*r);
    return r;
  }();
  if (size < 1 || size > 4096) return 0;
  const Target& t = kTargets[data[0] % (sizeof(kTargets) / sizeof(kTargets[0]))];
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t nul = rest.find('\0');
  std::string a = rest.substr(0, nul), b = nul == std::string::npos ? "" : rest.substr(nul + 1);
  std::vector<Value> args;
  std::string name = t.name;
  if (name == "glob.match") {
    args = {Value::String(a), Value::FromArray({Value::String(".")}), Value::String(b)};
  } else if (name == "sprintf") {
    args = {Value::String(a),
            Value::FromArray({Value::Int(-7), Value::Float(2.5), Value::String(b), Value::Null(),
                              Value::FromArray({Value::Bool(true)})})};
  } else if (name == "regex.replace") {
    args = {Value::String(b), Value::String(a), Value::String("<$1${x}$$>")};
  } else if (name == "regex.template_match") {
    args = {Value::String(a), Value::String(b), Value::String("{"), Value::String("}")};
  } else if (name == "time.format") {
    int64_t ns = 0;
    for (size_t i = 0; i < b.size() && i < 8; ++i) ns = (ns << 8) | static_cast<uint8_t>(b[i]);
    args = {
        Value::FromArray({Value::Int(ns), Value::String("America/New_York"), Value::String(a)})};
  } else {
    args.push_back(Value::String(a));
    if (t.strings == 2) args.push_back(Value::String(b));
  }
  std::unordered_map<std::string, std::shared_ptr<void>> memo;
  BuiltinContext ctx;
  ctx.memo = &memo;
  const attestfs::rego::BuiltinDef* d = registry->Find(name);
  if (d) (void)d->fn(ctx, args);
  return 0;
}

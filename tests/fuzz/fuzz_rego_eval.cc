// libFuzzer target: evaluation. The input is a module and a query separated by a line "---";
// the module is compiled (v1, then v0 when v1 refuses it) and the query evaluated under a short
// timeout and small limits. Any result or error is fine; crashes and hangs are not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rego/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::rego;
  if (size > 16 * 1024) return 0;
  std::string in(reinterpret_cast<const char*>(data), size);
  size_t sep = in.find("\n---\n");
  std::string module = sep == std::string::npos ? in : in.substr(0, sep);
  std::string query = sep == std::string::npos ? "x := data" : in.substr(sep + 5);
  EngineOptions o;
  o.timeout_ms = 200;
  o.max_depth = 64;
  o.max_output_bytes = 1 << 20;
  o.now_ns = 0;
  Engine e(o);
  if (!e.AddModule("f.rego", module).ok()) {
    Engine e0(o);
    if (!e0.AddModule("f.rego", module, RegoVersion::kV0).ok()) return 0;
    if (e0.Compile().ok()) (void)e0.Query(query);
    return 0;
  }
  auto in_v = Value::ParseJson(R"({"a": [1, 2, {"b": "c"}], "s": "x", "n": 3})");
  if (in_v.ok()) e.SetInput(*in_v);
  if (e.Compile().ok()) (void)e.Query(query);
  return 0;
}

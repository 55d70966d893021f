// libFuzzer target: the Rego parser on arbitrary bytes, as a v1 and as a v0 module, and as a
// query. Errors are fine; crashes, hangs and unbounded recursion are not. A module that parses
// must also get through the compiler without crashing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rego/engine.h"
#include "rego/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::rego;
  if (size > 64 * 1024) return 0;
  std::string src(reinterpret_cast<const char*>(data), size);
  for (RegoVersion v : {RegoVersion::kV1, RegoVersion::kV0}) {
    Engine e;
    if (e.AddModule("f.rego", src, v).ok()) (void)e.Compile();
  }
  static const std::string kFile = "q";
  (void)ParseQuery(src, &kFile);
  (void)ParseConstantTerm(src);
  return 0;
}

// libFuzzer target: CheckJsonDepth agrees with the document nlohmann/json builds. For every small
// input nlohmann parses, the depth of the parsed document passes and one level less fails; no
// input crashes the scan.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/json_depth.h"

namespace {

// Depth of a parsed document (a scalar is 0, `[]` is 1). Inputs are small, so recursion is bounded.
int Depth(const nlohmann::json& j) {
  if (!j.is_structured()) return 0;
  int inner = 0;
  for (const auto& child : j) {
    int d = Depth(child);
    if (d > inner) inner = d;
  }
  return inner + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)attestfs::CheckJsonDepth(text);
  (void)attestfs::CheckJsonDepth(text, 1);
  // nlohmann stops at a NUL byte and accepts what came before; the scan (stricter, which is the
  // safe side) still counts brackets after it. The oracle holds for NUL-free text only.
  if (size > 4096 || text.find('\0') != std::string_view::npos) return 0;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  const int depth = Depth(j);
  if (!attestfs::CheckJsonDepth(text, depth).ok()) std::abort();
  if (depth > 0 && attestfs::CheckJsonDepth(text, depth - 1).ok()) std::abort();
  return 0;
}

// libFuzzer target: CheckJsonDepth agrees with nlohmann/json. For every small NUL-free input
// nlohmann parses, the deepest nesting its parser reported passes and one level less fails; no
// input crashes the scan.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/json_depth.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)attestfs::CheckJsonDepth(text);
  (void)attestfs::CheckJsonDepth(text, 1);
  // nlohmann stops at a NUL byte and accepts what came before; the scan (stricter, which is the
  // safe side) still counts brackets after it. The oracle holds for NUL-free text only.
  if (size > 4096 || text.find('\0') != std::string_view::npos) return 0;
  // The nesting the parser saw (its callback reports each container's level), not the depth of
  // the document it kept: a duplicate object key drops the earlier, possibly deeper, value.
  int depth = 0;
  auto seen = [&depth](int level, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (event == nlohmann::json::parse_event_t::object_start ||
        event == nlohmann::json::parse_event_t::array_start) {
      if (level + 1 > depth) depth = level + 1;
    }
    return true;
  };
  auto j = nlohmann::json::parse(text, seen, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  if (!attestfs::CheckJsonDepth(text, depth).ok()) std::abort();
  if (depth > 0 && attestfs::CheckJsonDepth(text, depth - 1).ok()) std::abort();
  return 0;
}

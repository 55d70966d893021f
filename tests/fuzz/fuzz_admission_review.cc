// libFuzzer target: ParseAdmissionRequest on arbitrary bytes. A parsed request must have a uid,
// and every reference it lists must be non-empty with a JSON pointer (what a patch replaces).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "admission/admission_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using attestfs::admission::ParseAdmissionRequest;
  auto r = ParseAdmissionRequest(std::string_view(reinterpret_cast<const char*>(data), size),
                                 "attestfs.dev/models");
  if (!r.ok()) return 0;
  if (r->uid.empty()) __builtin_trap();
  for (const auto& ref : r->references) {
    if (ref.reference.empty() || ref.pointer.empty() || ref.pointer[0] != '/') __builtin_trap();
  }
  return 0;
}

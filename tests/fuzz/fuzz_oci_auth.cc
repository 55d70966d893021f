// libFuzzer target: WWW-Authenticate challenges and registry references from arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oci/auth/challenge.h"
#include "oci/reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)attestfs::oci::auth::ParseWwwAuthenticate(in);
  auto r = attestfs::oci::Reference::Parse(in);
  if (r.ok()) {
    // A parsed reference re-parses to itself.
    auto again = attestfs::oci::Reference::Parse(r->ToString());
    if (!again.ok() || again->ToString() != r->ToString()) __builtin_trap();
  }
  return 0;
}

// libFuzzer target: sigstore::TrustedRoot::Parse on arbitrary bytes; a parsed root must describe
// itself and answer log-id lookups without failing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigstore/trusted_root.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto root = attestfs::sigstore::TrustedRoot::Parse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!root.ok()) return 0;
  (void)root->Describe();
  for (const auto& l : root->tlogs) {
    if (root->FindTlog(l.log_id) == nullptr) __builtin_trap();
  }
  for (const auto& a : root->certificate_authorities) {
    if (a.chain_der.empty()) __builtin_trap();
  }
  return 0;
}

// libFuzzer target: ParseModelSigningPredicate on arbitrary bytes. A parsed predicate must
// have a computable subject digest; one with an attestfs manifest must round-trip through
// BuildModelSigningPredicate to the same resources and subject digest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attestation/predicates/model_signing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::attestation::predicates;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = ParseModelSigningPredicate(text);
  if (!p.ok()) return 0;
  auto subject = p->SubjectDigest();
  if (!subject.ok()) __builtin_trap();  // digests were validated by the parser
  if (!p->manifest) return 0;
  if (p->manifest->SubjectDigest() != *subject) __builtin_trap();
  auto again = ParseModelSigningPredicate(BuildModelSigningPredicate(*p->manifest));
  if (!again.ok() || !again->manifest || again->resources.size() != p->resources.size())
    __builtin_trap();
  for (size_t i = 0; i < p->resources.size(); ++i) {
    if (again->resources[i].name != p->resources[i].name ||
        again->resources[i].digest_hex != p->resources[i].digest_hex) {
      __builtin_trap();
    }
  }
  if (*again->SubjectDigest() != *subject) __builtin_trap();
  return 0;
}

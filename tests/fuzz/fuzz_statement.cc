// libFuzzer target: Statement::Parse on arbitrary bytes; a parsed statement must serialize
// and parse back (the serialized bytes are what gets signed).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attestation/statement.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using attestfs::attestation::Statement;
  auto st = Statement::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!st.ok()) return 0;
  (void)st->CreatedAt();
  auto again = Statement::Parse(st->Serialize());
  if (!again.ok() || again->subjects.size() != st->subjects.size() ||
      again->predicate_type != st->predicate_type) {
    __builtin_trap();
  }
  return 0;
}

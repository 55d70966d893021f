// libFuzzer target: what keyless signing reads from services and files — Rekor v1 entry
// answers, Fulcio certificate answers, signing_config.json, identity tokens — on arbitrary
// bytes; parsed Rekor answers must write into a bundle that parses back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sigstore/bundle.h"
#include "sigstore/bundle_writer.h"
#include "sigstore/keyless_protocol.h"
#include "sigstore/signing_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace attestfs::sigstore;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)FulcioLeafDer(text);
  (void)SigningConfig::Parse(text, 1700000000);
  (void)TokenSubject(text);
  (void)PemBlockToDer(text);
  auto entry = ParseRekorResponse(text, "hashedrekord", "0.0.1");
  if (!entry.ok()) return 0;
  Bundle b;
  b.certificates = {"leaf"};
  b.message_signature = MessageSignature{std::string(32, 'd'), "sig"};
  b.tlog_entries.push_back(*entry);
  auto back = Bundle::Parse(WriteBundle(b));
  // A body or checkpoint may be empty, which the bundle rules refuse; otherwise it round-trips.
  if (back.ok() && back->tlog_entries[0].body != entry->body) __builtin_trap();
  return 0;
}

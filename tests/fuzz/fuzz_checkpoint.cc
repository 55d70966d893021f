// libFuzzer target: sigstore::Checkpoint::Parse (signed-note checkpoints) on arbitrary bytes; a
// parsed note's signatures are checked against a fixed ECDSA log key and must never verify.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "digest/base64.h"
#include "sigstore/checkpoint.h"

namespace {

const attestfs::sigstore::TransparencyLog& Log() {
  static const auto* log = [] {
    auto* l = new attestfs::sigstore::TransparencyLog();
    l->public_key_der =
        attestfs::digest::Base64Decode(
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEibGoC8h4UeNcWsPHaCcXaUdWg+fSTgsfjbO7doCFsBjjFhz5"
            "Dl4wNKn9SFGQ+/yK3jMpp9h6PyCTbMGlUW7SoA==")
            .value();
    l->log_id = "abcd" + std::string(28, '\0');
    return l;
  }();
  return *log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto cp = attestfs::sigstore::Checkpoint::Parse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!cp.ok()) return 0;
  if (cp->root_hash.size() != 32 || cp->signatures.empty()) __builtin_trap();
  if (cp->VerifySignature(Log()).ok()) __builtin_trap();
  return 0;
}

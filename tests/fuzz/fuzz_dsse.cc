// libFuzzer target: DsseEnvelope::Parse on arbitrary bytes; parsed envelopes must survive a
// Serialize/Parse round trip unchanged, and Verify with a fixed P-256 key must not crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attestation/dsse_envelope.h"
#include "keys/public_key.h"
#include "keys/trust_policy.h"

namespace {

constexpr std::string_view kFixedKeyPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEibGoC8h4UeNcWsPHaCcXaUdWg+fS\n"
    "TgsfjbO7doCFsBjjFhz5Dl4wNKn9SFGQ+/yK3jMpp9h6PyCTbMGlUW7SoA==\n"
    "-----END PUBLIC KEY-----\n";

const attestfs::keys::KeyTrustPolicy& Trust() {
  static const auto* trust = new attestfs::keys::KeyTrustPolicy(
      {attestfs::keys::PublicKey::FromPem(kFixedKeyPem).value()});
  return *trust;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using attestfs::attestation::DsseEnvelope;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto env = DsseEnvelope::Parse(text);
  if (!env.ok()) return 0;
  auto again = DsseEnvelope::Parse(env->Serialize());
  if (!again.ok() || again->payload != env->payload || again->payload_type != env->payload_type ||
      again->signatures.size() != env->signatures.size()) {
    __builtin_trap();  // our own output must parse back to the same envelope
  }
  auto id = env->Verify(Trust(), {});
  if (id.ok()) __builtin_trap();  // nobody holds the fixed key's private half
  return 0;
}

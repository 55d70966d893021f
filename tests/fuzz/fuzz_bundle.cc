// libFuzzer target: SigstoreBundle::Parse on arbitrary bytes; parsed bundles must round-trip
// through Serialize, and Verify with a fixed key or CA policy must fail cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "attestation/sigstore_bundle.h"
#include "keys/public_key.h"
#include "keys/trust_policy.h"

namespace {

constexpr std::string_view kFixedKeyPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEibGoC8h4UeNcWsPHaCcXaUdWg+fS\n"
    "TgsfjbO7doCFsBjjFhz5Dl4wNKn9SFGQ+/yK3jMpp9h6PyCTbMGlUW7SoA==\n"
    "-----END PUBLIC KEY-----\n";

const attestfs::keys::TrustPolicy& Trust() {
  static const auto* trust = new attestfs::keys::KeyTrustPolicy(
      {attestfs::keys::PublicKey::FromPem(kFixedKeyPem).value()});
  return *trust;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using attestfs::attestation::SigstoreBundle;
  auto b = SigstoreBundle::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!b.ok()) return 0;
  auto again = SigstoreBundle::Parse(b->Serialize());
  if (!again.ok() || again->material.cert_chain_der != b->material.cert_chain_der ||
      again->envelope.payload != b->envelope.payload) {
    __builtin_trap();
  }
  if (b->Verify(Trust()).ok()) __builtin_trap();
  // Exercises X.509 DER parsing of embedded chains (no roots: always fails).
  attestfs::keys::CaTrustPolicy ca("", "someone@example.com");
  (void)b->Verify(ca);
  return 0;
}

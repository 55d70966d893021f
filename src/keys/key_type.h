// KeyType: the signature algorithms attestfs signs and verifies with.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace attestfs::keys {

enum class KeyType {
  kEcdsaP256,  // ECDSA P-256, SHA-256, ASN.1 DER signatures (sigstore/cosign default)
  kEcdsaP384,  // ECDSA P-384, SHA-384, DER
  kEd25519,    // Ed25519 (pure), raw 64-byte signatures
  kRsa3072,    // RSA-3072 (any RSA size on input), RSASSA-PSS SHA-256, salt = digest length
};

std::string_view KeyTypeName(KeyType t);  // "ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-3072"
std::optional<KeyType> ParseKeyType(std::string_view name);

}  // namespace attestfs::keys

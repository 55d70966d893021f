// KeyType names (used in CLI flags and key files).
#include "keys/key_type.h"

namespace attestfs::keys {

std::string_view KeyTypeName(KeyType t) {
  switch (t) {
    case KeyType::kEcdsaP256:
      return "ecdsa-p256";
    case KeyType::kEcdsaP384:
      return "ecdsa-p384";
    case KeyType::kEd25519:
      return "ed25519";
    case KeyType::kRsa3072:
      return "rsa-3072";
  }
  return "unknown";
}

std::optional<KeyType> ParseKeyType(std::string_view name) {
  for (KeyType t :
       {KeyType::kEcdsaP256, KeyType::kEcdsaP384, KeyType::kEd25519, KeyType::kRsa3072}) {
    if (name == KeyTypeName(t)) return t;
  }
  return std::nullopt;
}

}  // namespace attestfs::keys

// KeySigner: signs with a private key; its material is the key hint plus an optional X.509 chain.
#include "keys/signer.h"

namespace attestfs::keys {

KeySigner::KeySigner(PrivateKey key, std::optional<CertificateChain> chain)
    : key_(std::move(key)), chain_(std::move(chain)) {}

Result<KeySigner> KeySigner::Create(PrivateKey key, std::optional<CertificateChain> chain) {
  if (chain.has_value() && chain->LeafPublicKey().ToDer() != key.Public().ToDer()) {
    return Error(Errc::kInvalidArgument, "certificate " + chain->LeafSubject() +
                                             " does not belong to the signing key (key id " +
                                             key.Public().KeyId() + ")");
  }
  return KeySigner(std::move(key), std::move(chain));
}

Result<std::string> KeySigner::Sign(std::string_view message) const { return key_.Sign(message); }

std::string KeySigner::KeyId() const { return key_.Public().KeyId(); }

VerificationMaterial KeySigner::Material() const {
  VerificationMaterial m;
  m.key_hint = KeyId();
  if (chain_.has_value()) m.cert_chain_der = chain_->ToDer();
  return m;
}

}  // namespace attestfs::keys

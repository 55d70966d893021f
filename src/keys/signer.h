// Signer: what produces a signature and the verification material that goes with it.
// KeySigner (a private key, optionally with an X.509 chain) implements it today; a keyless
// (Fulcio) signer can implement it later without touching callers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/certificate_chain.h"
#include "keys/private_key.h"

namespace attestfs::keys {

// How a verifier finds the key: a public-key hint, or an embedded certificate chain.
struct VerificationMaterial {
  std::string key_hint;                     // sigstore publicKey.hint (= PublicKey::KeyId())
  std::vector<std::string> cert_chain_der;  // leaf first; empty for plain keys
  // model_signing v0.2.0 signed with ECDSA over SHA-256 whatever the curve (legacy_pae.h):
  // ECDSA keys then verify with SHA-256; other key types are unaffected.
  bool ecdsa_sha256 = false;
  // The whole signed container as received (a Sigstore bundle's or DSSE envelope's JSON), so a
  // TrustPolicy can check what else it carries — transparency-log entries, RFC 3161
  // timestamps — without another parse path. Untrusted like everything in it.
  std::string container_json;
};

class Signer {
 public:
  virtual ~Signer() = default;
  virtual Result<std::string> Sign(std::string_view message) const = 0;
  virtual std::string KeyId() const = 0;  // DSSE signatures[].keyid
  virtual VerificationMaterial Material() const = 0;
};

class KeySigner final : public Signer {
 public:
  explicit KeySigner(PrivateKey key, std::optional<CertificateChain> chain = std::nullopt);
  // Fails when the chain's leaf key does not match the private key.
  static Result<KeySigner> Create(PrivateKey key, std::optional<CertificateChain> chain);

  Result<std::string> Sign(std::string_view message) const override;
  std::string KeyId() const override;
  VerificationMaterial Material() const override;

 private:
  PrivateKey key_;
  std::optional<CertificateChain> chain_;
};

}  // namespace attestfs::keys

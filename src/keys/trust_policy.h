// TrustPolicy: the trust material a verifier accepts — a set of public keys, or CA roots
// plus an identity. VerifySignature checks one signature and says who signed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "keys/public_key.h"
#include "keys/signer.h"

namespace attestfs::keys {

struct SignerIdentity {
  std::string key_id;   // base64 SHA-256 of the SPKI that verified
  std::string subject;  // leaf subject for certificate signers, else empty
  std::vector<std::string> sans;
  std::string issuer;
  std::string description;  // "key <keyid>" or "certificate CN=…"
};

class TrustPolicy {
 public:
  virtual ~TrustPolicy() = default;
  // `material` comes from the envelope/bundle (untrusted); `message` is the DSSE PAE.
  virtual Result<SignerIdentity> VerifySignature(std::string_view message,
                                                 std::string_view signature,
                                                 const VerificationMaterial& material) const = 0;
};

// Accepts a signature by any of the keys (the keyid/hint is not trusted; every key is tried).
class KeyTrustPolicy final : public TrustPolicy {
 public:
  explicit KeyTrustPolicy(std::vector<PublicKey> keys) : keys_(std::move(keys)) {}
  Result<SignerIdentity> VerifySignature(std::string_view message, std::string_view signature,
                                         const VerificationMaterial& material) const override;

 private:
  std::vector<PublicKey> keys_;
};

// Accepts a signature by the leaf of an embedded chain that verifies to roots_pem, may sign
// code, and one of whose SANs matches identity (never the subject). An empty identity trusts every
// leaf that chains to the roots (a private CA whose every certificate is a trusted signer, as
// model_signing's `verify certificate` does).
class CaTrustPolicy final : public TrustPolicy {
 public:
  CaTrustPolicy(std::string roots_pem, std::string identity)
      : roots_pem_(std::move(roots_pem)), identity_(std::move(identity)) {}
  Result<SignerIdentity> VerifySignature(std::string_view message, std::string_view signature,
                                         const VerificationMaterial& material) const override;

 private:
  std::string roots_pem_;
  std::string identity_;
};

}  // namespace attestfs::keys

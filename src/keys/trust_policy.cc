// KeyTrustPolicy (try every trusted key; the untrusted keyid/hint is ignored) and
// CaTrustPolicy (embedded chain -> trusted roots, identity match, then the leaf key verifies).
#include "keys/trust_policy.h"

#include "keys/certificate_chain.h"

namespace attestfs::keys {
namespace {

std::string JoinSans(const std::vector<std::string>& sans) {
  std::string out;
  for (const auto& s : sans) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

}  // namespace

Result<SignerIdentity> KeyTrustPolicy::VerifySignature(std::string_view message,
                                                       std::string_view signature,
                                                       const VerificationMaterial& material) const {
  if (keys_.empty()) return Error(Errc::kVerificationFailed, "no trusted public keys configured");
  for (const auto& key : keys_) {
    if (key.Verify(message, signature, material.ecdsa_sha256).ok()) {
      SignerIdentity id;
      id.key_id = key.KeyId();
      id.description = "key " + id.key_id;
      return id;
    }
  }
  return Error(Errc::kVerificationFailed, "signature does not verify with any of the " +
                                              std::to_string(keys_.size()) + " trusted key(s)");
}

Result<SignerIdentity> CaTrustPolicy::VerifySignature(std::string_view message,
                                                      std::string_view signature,
                                                      const VerificationMaterial& material) const {
  if (material.cert_chain_der.empty()) {
    return Error(Errc::kVerificationFailed, "no certificate chain in the verification material");
  }
  auto chain = CertificateChain::FromDer(material.cert_chain_der);
  if (!chain.ok()) {
    return Error(Errc::kVerificationFailed,
                 "embedded certificate chain: " + chain.error().message());
  }
  AFS_TRY(chain->VerifyTo(roots_pem_));
  if (!identity_.empty() && !chain->MatchesIdentity(identity_)) {
    return Error(Errc::kVerificationFailed, "certificate identity mismatch: want '" + identity_ +
                                                "' among the SANs, got " +
                                                JoinSans(chain->LeafSans()) + " (subject '" +
                                                chain->LeafSubject() + "' is not matched)");
  }
  PublicKey leaf = chain->LeafPublicKey();
  auto st = leaf.Verify(message, signature, material.ecdsa_sha256);
  if (!st.ok()) return st.error().Context("certificate " + chain->LeafSubject());
  SignerIdentity id;
  id.key_id = leaf.KeyId();
  id.subject = chain->LeafSubject();
  id.sans = chain->LeafSans();
  id.issuer = chain->LeafIssuer();
  id.description = "certificate " + id.subject;
  return id;
}

}  // namespace attestfs::keys

// SignerConstraint: key-id and certificate-identity checks for signer-identity rules.
#include "policy/signer_constraint.h"

#include "keys/certificate_chain.h"
#include "policy/glob.h"

namespace attestfs::policy {

namespace {

std::string JoinGlobs(const std::vector<std::string>& globs) {
  std::string out;
  for (const auto& g : globs) out += (out.empty() ? "" : ", ") + g;
  return "[" + out + "]";
}

}  // namespace

bool SignerConstraint::IdentityMatches(const std::string& subject,
                                       const std::vector<std::string>& sans,
                                       const std::string& issuer, std::string* why) const {
  if (!subject_globs.empty() && !AnyGlobMatches(subject_globs, subject, false)) {
    if (why)
      *why = "certificate subject '" + subject + "' matches none of " + JoinGlobs(subject_globs);
    return false;
  }
  if (!san_globs.empty()) {
    bool any = false;
    for (const auto& san : sans) any = any || AnyGlobMatches(san_globs, san, false);
    if (!any) {
      if (why) {
        std::string list;
        for (const auto& s : sans) list += (list.empty() ? "" : ", ") + s;
        *why = "certificate SANs [" + list + "] match none of " + JoinGlobs(san_globs);
      }
      return false;
    }
  }
  if (!issuer_globs.empty() && !AnyGlobMatches(issuer_globs, issuer, false)) {
    if (why)
      *why = "certificate issuer '" + issuer + "' matches none of " + JoinGlobs(issuer_globs);
    return false;
  }
  return true;
}

bool SignerConstraint::Accepts(const keys::SignerIdentity& signer,
                               const std::vector<std::string>& chain_der, std::string* why,
                               std::string_view container_json) const {
  for (const auto& k : keys) {
    if (!signer.key_id.empty() && k.KeyId() == signer.key_id) return true;
  }
  if (keyless) {
    auto who = keyless->VerifyContainer(container_json);
    if (!who.ok()) {
      if (why) *why = who.error().message();
      return false;
    }
    if (who->key_id != signer.key_id) {
      if (why) *why = "the keyless certificate's key is not the key that signed";
      return false;
    }
    return true;
  }
  if (roots_pem.empty()) {
    if (why)
      *why = "signer " +
             (signer.description.empty() ? "key " + signer.key_id : signer.description) +
             " is not one of the rule's keys";
    return false;
  }
  if (chain_der.empty()) {
    if (why)
      *why = "signer " + signer.description + " has no certificate chain for the rule's CA roots";
    return false;
  }
  auto chain = keys::CertificateChain::FromDer(chain_der);
  if (!chain.ok()) {
    if (why) *why = "certificate chain does not parse: " + chain.error().message();
    return false;
  }
  if (chain->LeafPublicKey().KeyId() != signer.key_id) {
    if (why) *why = "the certificate's key is not the key that signed";
    return false;
  }
  if (Status st = chain->VerifyTo(roots_pem); !st.ok()) {
    if (why)
      *why = "certificate of " + chain->LeafSubject() +
             " does not chain to the rule's CA roots: " + st.error().message();
    return false;
  }
  return IdentityMatches(chain->LeafSubject(), chain->LeafSans(), chain->LeafIssuer(), why);
}

Result<keys::SignerIdentity> SignerConstraint::VerifySignature(
    std::string_view message, std::string_view signature,
    const keys::VerificationMaterial& material) const {
  // Plain keys: every key is tried; the untrusted hint is never used to pick one.
  for (const auto& k : keys) {
    if (k.Verify(message, signature, material.ecdsa_sha256).ok()) {
      keys::SignerIdentity id;
      id.key_id = k.KeyId();
      id.description = "key " + id.key_id;
      return id;
    }
  }
  if (keyless) return keyless->VerifySignature(message, signature, material);
  if (roots_pem.empty() || material.cert_chain_der.empty()) {
    return Error(Errc::kVerificationFailed, "signature made by none of the policy's keys");
  }
  AFS_ASSIGN_OR_RETURN(auto chain, keys::CertificateChain::FromDer(material.cert_chain_der));
  if (Status st = chain.VerifyTo(roots_pem); !st.ok()) {
    return st.error().Context("certificate chain against the policy's CA roots");
  }
  std::string why;
  if (!IdentityMatches(chain.LeafSubject(), chain.LeafSans(), chain.LeafIssuer(), &why)) {
    return Error(Errc::kVerificationFailed, why);
  }
  const keys::PublicKey leaf = chain.LeafPublicKey();
  AFS_TRY(leaf.Verify(message, signature, material.ecdsa_sha256));
  keys::SignerIdentity id;
  id.key_id = leaf.KeyId();
  id.subject = chain.LeafSubject();
  id.sans = chain.LeafSans();
  id.issuer = chain.LeafIssuer();
  id.description = "certificate " + id.subject;
  return id;
}

std::string SignerConstraint::Describe() const {
  std::string out;
  if (!keys.empty()) {
    std::string ids;
    for (const auto& k : keys) ids += (ids.empty() ? "" : ", ") + k.KeyId();
    out = "keys [" + ids + "]";
  }
  if (keyless) {
    if (!out.empty()) out += " or ";
    out += keyless->Describe();
  }
  if (!roots_pem.empty()) {
    if (!out.empty()) out += " or ";
    out += "certificates from the CA roots";
    if (!subject_globs.empty()) out += " with subject " + JoinGlobs(subject_globs);
    if (!san_globs.empty()) out += " with SAN " + JoinGlobs(san_globs);
    if (!issuer_globs.empty()) out += " with issuer " + JoinGlobs(issuer_globs);
  }
  return out;
}

}  // namespace attestfs::policy

// KeylessTrustPolicy: bundle from the material, signature consistency, VerifyBundle.
#include "sigstore/keyless_trust_policy.h"

#include "attestation/dsse_envelope.h"
#include "digest/base64.h"
#include "digest/sha256_hasher.h"
#include "sigstore/bundle.h"
#include "sigstore/bundle_verifier.h"

namespace attestfs::sigstore {

KeylessTrustPolicy::KeylessTrustPolicy(TrustedRoot root, CertificateIdentity identity,
                                       std::shared_ptr<const Clock> clock)
    : root_(std::move(root)),
      identity_(std::move(identity)),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

namespace {

Result<Bundle> ParseDsseBundle(std::string_view container_json) {
  if (container_json.empty()) {
    return Error(Errc::kVerificationFailed,
                 "keyless: a Sigstore bundle is needed (a bare DSSE envelope carries no "
                 "certificate, log entry or timestamp)");
  }
  auto bundle = Bundle::Parse(container_json);
  if (!bundle.ok()) return Error(Errc::kVerificationFailed, bundle.error().message());
  if (!bundle->dsse) {
    return Error(Errc::kVerificationFailed, "keyless: the bundle carries no DSSE envelope");
  }
  if (bundle->public_key) {
    return Error(Errc::kVerificationFailed,
                 "keyless: the bundle names a public key, not a certificate (verify with --key)");
  }
  return bundle;
}

}  // namespace

Result<keys::SignerIdentity> KeylessTrustPolicy::VerifySignature(
    std::string_view message, std::string_view signature,
    const keys::VerificationMaterial& material) const {
  AFS_ASSIGN_OR_RETURN(Bundle bundle, ParseDsseBundle(material.container_json));
  if (bundle.Signature() != signature ||
      attestation::PreAuthEncode(bundle.dsse->payload_type, bundle.dsse->payload) != message) {
    return Error(Errc::kVerificationFailed,
                 "keyless: the signature checked is not the one the bundle carries");
  }
  return VerifyContainer(material.container_json);
}

Result<keys::SignerIdentity> KeylessTrustPolicy::VerifyContainer(
    std::string_view container_json) const {
  AFS_ASSIGN_OR_RETURN(Bundle bundle, ParseDsseBundle(container_json));
  VerifyOptions opts;
  opts.root = &root_;
  opts.identity = &identity_;
  opts.now = clock_->NowUnixSeconds();
  AFS_ASSIGN_OR_RETURN(VerifiedBundle v, VerifyBundle(bundle, Artifact{}, opts));
  keys::SignerIdentity id;
  digest::Sha256Hasher h;
  h.Update(v.key_der);
  id.key_id = digest::Base64Encode(h.Finish().Raw());
  id.subject = v.subject;
  id.sans = v.sans;
  id.issuer = v.issuer;
  id.description = "keyless " + (v.sans.empty() ? std::string("(no SAN)") : v.sans[0]) +
                   " (issuer " + v.issuer + ")";
  return id;
}

std::string KeylessTrustPolicy::Describe() const {
  const IdentitySpec& s = identity_.spec();
  return "keyless " + (s.san.empty() ? "/" + s.san_regexp + "/" : s.san) + " (issuer " +
         (s.issuer.empty() ? "/" + s.issuer_regexp + "/" : s.issuer) + ")";
}

}  // namespace attestfs::sigstore

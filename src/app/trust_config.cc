// TrustConfig -> keys::TrustPolicy (KeyTrustPolicy, CaTrustPolicy, or a policy's rules).
#include "app/trust_config.h"

#include "app/environment.h"
#include "base/file_io.h"
#include "keys/certificate_chain.h"
#include "keys/public_key.h"
#include "policy/policy_file.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/keyless_trust_policy.h"
#include "sigstore/trusted_root.h"

namespace attestfs::app {

namespace {

Result<std::unique_ptr<keys::TrustPolicy>> BuildKeylessPolicy(const TrustConfig& c) {
  if (!c.keys.empty() || !c.ca_roots.empty() || !c.identity.empty()) {
    return Error(Errc::kUsage,
                 "keyless verification (--certificate-identity/--certificate-oidc-issuer) does "
                 "not combine with --key, --ca-roots or --identity");
  }
  sigstore::IdentitySpec spec{c.certificate_identity, c.certificate_identity_regexp,
                              c.certificate_oidc_issuer, c.certificate_oidc_issuer_regexp};
  AFS_ASSIGN_OR_RETURN(sigstore::CertificateIdentity identity,
                       sigstore::CertificateIdentity::Create(spec));
  AFS_ASSIGN_OR_RETURN(std::string path, TrustedRootPath(c));
  auto root = sigstore::TrustedRoot::LoadFile(path);
  if (!root.ok()) return Error(Errc::kUsage, root.error().message());
  return std::unique_ptr<keys::TrustPolicy>(
      std::make_unique<sigstore::KeylessTrustPolicy>(std::move(root).value(), std::move(identity)));
}

}  // namespace

Result<std::string> TrustedRootPath(const TrustConfig& c) {
  if (!c.trusted_root.empty()) return c.trusted_root;
  std::string def = DefaultTrustedRootPath();
  if (def.empty()) {
    return Error(Errc::kUsage,
                 "no --trusted-root given and no installed Sigstore trusted root found "
                 "(share/attestfs/trusted_root.json; ATTESTFS_TRUSTED_ROOT names another)");
  }
  return def;
}

Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& c) {
  if (c.Keyless()) return BuildKeylessPolicy(c);
  if (!c.keys.empty() && !c.ca_roots.empty()) {
    return Error(Errc::kUsage,
                 "give either --key or --ca-roots (with an optional --identity), not both");
  }
  if (!c.keys.empty()) {
    std::vector<keys::PublicKey> keys;
    for (const auto& path : c.keys) {
      auto k = keys::PublicKey::LoadFile(path);
      if (!k.ok()) {
        Error e = k.error().Context("load public key " + path);
        return Error(e.code() == Errc::kNotFound ? Errc::kUsage : e.code(), e.message());
      }
      keys.push_back(std::move(*k));
    }
    return std::unique_ptr<keys::TrustPolicy>(
        std::make_unique<keys::KeyTrustPolicy>(std::move(keys)));
  }
  if (!c.ca_roots.empty()) {
    auto roots = ReadFileLimited(c.ca_roots, keys::kMaxPemBundleBytes);
    if (!roots.ok()) return Error(Errc::kUsage, roots.error().Context("read --ca-roots").message());
    return std::unique_ptr<keys::TrustPolicy>(
        std::make_unique<keys::CaTrustPolicy>(*roots, c.identity));
  }
  if (!c.identity.empty()) return Error(Errc::kUsage, "--identity needs --ca-roots ROOTS.pem");
  return Error(Errc::kUsage,
               "no trust material: give --key PUBLIC.pem, --ca-roots ROOTS.pem [--identity ID], or "
               "--certificate-identity ID --certificate-oidc-issuer URL [--trusted-root FILE]");
}

Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config,
                                                            const policy::PolicyFile* policy) {
  if (policy != nullptr && config.Empty()) return policy->TrustFromPolicy();
  return BuildTrustPolicy(config);
}

}  // namespace attestfs::app

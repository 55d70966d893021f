// TrustConfig -> keys::TrustPolicy (KeyTrustPolicy, CaTrustPolicy, or a policy's rules).
#include "app/trust_config.h"

#include "base/file_io.h"
#include "keys/certificate_chain.h"
#include "keys/public_key.h"
#include "policy/policy_file.h"

namespace attestfs::app {

Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& c) {
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
               "no trust material: give --key PUBLIC.pem, or --ca-roots ROOTS.pem [--identity ID]");
}

Result<std::unique_ptr<keys::TrustPolicy>> BuildTrustPolicy(const TrustConfig& config,
                                                            const policy::PolicyFile* policy) {
  if (policy != nullptr && config.Empty()) return policy->TrustFromPolicy();
  return BuildTrustPolicy(config);
}

}  // namespace attestfs::app

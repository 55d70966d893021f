// Builds a keys::TrustPolicy from --key / --ca-roots / --identity.
#include "cli/trust_options.h"

#include <CLI/CLI.hpp>

#include "base/file_io.h"
#include "keys/certificate_chain.h"
#include "keys/public_key.h"
#include "policy/policy_file.h"

namespace attestfs::cli {

Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlags(const TrustFlags& f) {
  if (!f.keys.empty() && !f.ca_roots.empty()) {
    return Error(Errc::kUsage,
                 "give either --key or --ca-roots (with an optional --identity), not both");
  }
  if (!f.keys.empty()) {
    std::vector<keys::PublicKey> keys;
    for (const auto& path : f.keys) {
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
  if (!f.ca_roots.empty()) {
    auto roots = ReadFileLimited(f.ca_roots, keys::kMaxPemBundleBytes);
    if (!roots.ok()) return Error(Errc::kUsage, roots.error().Context("read --ca-roots").message());
    return std::unique_ptr<keys::TrustPolicy>(
        std::make_unique<keys::CaTrustPolicy>(*roots, f.identity));
  }
  if (!f.identity.empty()) return Error(Errc::kUsage, "--identity needs --ca-roots ROOTS.pem");
  return Error(Errc::kUsage,
               "no trust material: give --key PUBLIC.pem, or --ca-roots ROOTS.pem [--identity ID]");
}

Result<std::unique_ptr<keys::TrustPolicy>> TrustFromFlagsOrPolicy(
    const TrustFlags& flags, const policy::PolicyFile* policy) {
  if (policy != nullptr && flags.Empty()) return policy->TrustFromPolicy();
  return TrustFromFlags(flags);
}

void AddTrustFlags(CLI::App* cmd, TrustFlags* f) {
  cmd->add_option("--key", f->keys, "trusted public key (PEM; repeatable)");
  cmd->add_option("--ca-roots", f->ca_roots, "trusted root certificates (PEM)");
  cmd->add_option(
      "--identity", f->identity,
      "required signer SAN: e-mail, URI or DNS name, leading/trailing * globs (with --ca-roots; "
      "without it any certificate that chains to the roots is trusted)");
}

}  // namespace attestfs::cli

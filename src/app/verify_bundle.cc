// VerifySigstoreBundle: load trust, bundle and artefact, then sigstore::VerifyBundle.
#include "app/verify_bundle.h"

#include <filesystem>

#include "attestation/statement.h"
#include "base/file_io.h"
#include "digest/digest.h"
#include "digest/sha256_hasher.h"
#include "keys/public_key.h"
#include "sigstore/bundle.h"
#include "sigstore/certificate_identity.h"
#include "sigstore/trusted_root.h"

namespace attestfs::app {
namespace {

// Artefacts up to this size are read whole (Ed25519 message signatures need the bytes); larger
// ones are hashed and checked by digest.
constexpr uint64_t kMaxArtifactInMemory = 256ull << 20;

Result<sigstore::Artifact> LoadArtifact(const std::string& arg) {
  sigstore::Artifact a;
  std::error_code ec;
  if (arg.size() == 71 && arg.rfind("sha256:", 0) == 0 && !std::filesystem::exists(arg, ec)) {
    auto d = digest::Digest::Parse(arg);
    if (!d.ok()) return Error(Errc::kUsage, "artifact digest: " + d.error().message());
    a.sha256 = std::string(d->Raw());
    return a;
  }
  auto size = std::filesystem::file_size(arg, ec);
  if (ec) return Error(Errc::kUsage, "artifact " + arg + ": " + ec.message());
  if (size <= kMaxArtifactInMemory) {
    auto bytes = ReadFileLimited(arg, kMaxArtifactInMemory);
    if (!bytes.ok()) return bytes.error().Context("read artifact");
    a.bytes = std::move(bytes).value();
    return a;
  }
  auto h = digest::HashFile(arg);
  if (!h.ok()) return h.error().Context("hash artifact");
  a.sha256 = std::string(h->digest.Raw());
  return a;
}

}  // namespace

Result<VerifyBundleResult> VerifySigstoreBundle(const VerifyBundleRequest& r, const Clock& clock) {
  const TrustConfig& t = r.trust;
  if (!t.ca_roots.empty() || !t.identity.empty()) {
    return Error(Errc::kUsage,
                 "verify-bundle takes --certificate-identity/--certificate-oidc-"
                 "issuer or --key, not --ca-roots/--identity");
  }
  bool identity_given = !t.certificate_identity.empty() || !t.certificate_identity_regexp.empty() ||
                        !t.certificate_oidc_issuer.empty() ||
                        !t.certificate_oidc_issuer_regexp.empty();
  if (t.keys.size() > 1) return Error(Errc::kUsage, "verify-bundle takes one --key");
  if (!t.keys.empty() && identity_given) {
    return Error(Errc::kUsage, "give either --key or the certificate identity flags, not both");
  }
  std::optional<sigstore::CertificateIdentity> identity;
  sigstore::VerifyOptions opts;
  if (!t.keys.empty()) {
    auto key = keys::PublicKey::LoadFile(t.keys[0]);
    if (!key.ok()) return Error(Errc::kVerificationFailed, key.error().Context("--key").message());
    opts.public_key_der = key->ToDer();
  } else {
    sigstore::IdentitySpec spec{t.certificate_identity, t.certificate_identity_regexp,
                                t.certificate_oidc_issuer, t.certificate_oidc_issuer_regexp};
    AFS_ASSIGN_OR_RETURN(sigstore::CertificateIdentity id,
                         sigstore::CertificateIdentity::Create(spec));
    identity = std::move(id);
    opts.identity = &*identity;
  }
  VerifyBundleResult out;
  AFS_ASSIGN_OR_RETURN(out.trusted_root_path, TrustedRootPath(t));
  auto root = sigstore::TrustedRoot::LoadFile(out.trusted_root_path);
  if (!root.ok()) return Error(Errc::kVerificationFailed, root.error().message());
  opts.root = &*root;
  opts.now = clock.NowUnixSeconds();
  auto text = ReadFileLimited(r.bundle_path, attestation::kMaxDocumentBytes);
  if (!text.ok()) return text.error().Context("read bundle");
  auto bundle = sigstore::Bundle::Parse(*text);
  if (!bundle.ok()) {
    return Error(Errc::kVerificationFailed, bundle.error().Context(r.bundle_path).message());
  }
  AFS_ASSIGN_OR_RETURN(sigstore::Artifact artifact, LoadArtifact(r.artifact));
  AFS_ASSIGN_OR_RETURN(out.verified, sigstore::VerifyBundle(*bundle, artifact, opts));
  return out;
}

}  // namespace attestfs::app

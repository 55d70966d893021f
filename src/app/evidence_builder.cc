// Evidence construction, signing and storing for `bom` and `evidence`.
#include "app/evidence_builder.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>

#include "app/environment.h"
#include "app/version.h"
#include "attestation/dsse_envelope.h"
#include "attestation/predicates/model_signing.h"
#include "attestation/sigstore_bundle.h"
#include "base/file_io.h"
#include "keys/certificate_chain.h"
#include "keys/private_key.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::app {

namespace {
constexpr uint64_t kMaxCardBytes = 4 << 20;  // README.md / config.json read for the BOM

std::string ReadOptional(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  auto text = ReadFileLimited(path, kMaxCardBytes);
  return text.ok() ? *text : "";
}

// verify, mount and the store refuse documents over kMaxDocumentBytes: never sign or store one.
Result<std::string> WithinDocumentLimit(std::string bytes, OutputKind kind) {
  if (bytes.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge,
                 std::string(kind == OutputKind::kBundle ? "bundle" : "DSSE envelope") + " of " +
                     std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                     std::to_string(attestation::kMaxDocumentBytes) +
                     " bytes (kMaxDocumentBytes) that verify accepts");
  }
  return bytes;
}
}  // namespace

Result<PredicateKind> ParsePredicateKind(const std::string& t) {
  if (t.empty() || t == "cyclonedx") return PredicateKind::kCycloneDx;
  if (t == "model-signing") return PredicateKind::kModelSigning;
  return Error(Errc::kUsage, "--predicate must be cyclonedx or model-signing, not '" + t + "'");
}

Result<OutputKind> ParseOutputKind(const std::string& t) {
  if (t.empty()) return OutputKind::kPredicate;
  if (t == "statement") return OutputKind::kStatement;
  if (t == "attest") return OutputKind::kAttest;
  if (t == "bundle") return OutputKind::kBundle;
  return Error(Errc::kUsage, "-o must be statement, attest or bundle, not '" + t + "'");
}

attestation::ResourceDescriptor SubjectFor(const targets::ScannedTarget& target,
                                           const std::string& name, int64_t created_unix) {
  attestation::ResourceDescriptor rd;
  rd.name = name;
  rd.digest["sha256"] = target.manifest.SubjectDigest().Hex();
  // Sub-second precision: two attestations signed within one second must still order.
  std::string now = NowRfc3339Precise();
  rd.annotations[std::string(attestation::kCreatedAnnotation)] =
      now.rfind(FormatRfc3339(created_unix).substr(0, 19), 0) == 0 ? now
                                                                   : FormatRfc3339(created_unix);
  return rd;
}

Result<attestation::Statement> BuildContentStatement(const targets::ScannedTarget& target,
                                                     PredicateKind kind, const std::string& name,
                                                     int64_t created_unix) {
  attestation::Statement st;
  st.subjects.push_back(SubjectFor(target, name, created_unix));
  if (kind == PredicateKind::kModelSigning) {
    st.predicate_type = std::string(attestation::kModelSigningPredicate);
    st.predicate_json = attestation::predicates::BuildModelSigningPredicate(target.manifest);
    return st;
  }
  sbom::BomContext ctx;
  ctx.name = name;
  if (!target.is_single_file) {
    ctx.readme_text = ReadOptional(target.root + "/README.md");
    ctx.config_json_text = ReadOptional(target.root + "/config.json");
  }
  ctx.kind = sbom::GuessKind(target.manifest, ctx.readme_text);
  if (target.git) {
    ctx.git_commit = target.git->commit;
    ctx.git_remote = target.git->remote_url;
    ctx.git_uncommitted = target.git->uncommitted;
    ctx.git_lfs_missing = target.git->lfs_missing;
  }
  ctx.created_unix = created_unix;
  ctx.tool_version = kVersion;
  AFS_ASSIGN_OR_RETURN(st.predicate_json, sbom::BuildCycloneDx(target.manifest, ctx));
  st.predicate_type = std::string(attestation::kCycloneDxPredicate);
  return st;
}

Result<std::unique_ptr<keys::Signer>> LoadSigner(const std::string& key_path,
                                                 const std::string& cert_path, const Clock& clock) {
  std::string password;
  std::optional<std::string> pw;
  if (PasswordFromEnv(&password)) pw = password;
  auto key = keys::PrivateKey::LoadFile(key_path, pw);
  if (!key.ok()) return key.error().Context("load signing key " + key_path);
  std::optional<keys::CertificateChain> chain;
  if (!cert_path.empty()) {
    auto c = keys::CertificateChain::LoadFile(cert_path);
    if (!c.ok()) return c.error().Context("load certificate chain " + cert_path);
    if (Status v = c->CheckLeafValidAt(clock.NowUnixSeconds()); !v.ok())
      return v.error().Context("--cert " + cert_path);
    chain = std::move(*c);
  }
  auto signer = keys::KeySigner::Create(std::move(*key), std::move(chain));
  if (!signer.ok()) return signer.error();
  return std::unique_ptr<keys::Signer>(std::make_unique<keys::KeySigner>(std::move(*signer)));
}

Result<std::string> SignStatement(const attestation::Statement& st, OutputKind kind,
                                  const keys::Signer& signer) {
  std::string payload = st.Serialize();
  if (kind == OutputKind::kBundle) {
    AFS_ASSIGN_OR_RETURN(auto b, attestation::SigstoreBundle::Sign(attestation::kInTotoPayloadType,
                                                                   payload, signer));
    return WithinDocumentLimit(b.Serialize(), kind);
  }
  if (!signer.Material().cert_chain_der.empty()) {
    return Error(Errc::kUsage,
                 "--cert needs -o bundle (a bare DSSE envelope cannot carry a certificate chain)");
  }
  AFS_ASSIGN_OR_RETURN(
      auto e, attestation::DsseEnvelope::Sign(attestation::kInTotoPayloadType, payload, signer));
  return WithinDocumentLimit(e.Serialize(), kind);
}

Result<store::StoreEntry> StoreSigned(const store::AttestationStore& store,
                                      const std::string& bytes, const attestation::Statement& st,
                                      OutputKind kind) {
  store::StoreEntry e;
  e.media_type = kind == OutputKind::kBundle ? attestation::kBundleMediaTypeV03
                                             : attestation::kDsseEnvelopeMediaType;
  e.predicate_type = st.predicate_type;
  for (const auto& s : st.subjects) {
    if (!s.name.empty()) e.subject_names.push_back(s.name);
    if (auto it = s.digest.find("sha256"); it != s.digest.end())
      e.subject_digests.push_back("sha256:" + it->second);
  }
  for (const auto& s : st.subjects) {
    auto it = s.annotations.find(std::string(attestation::kCreatedAnnotation));
    if (it != s.annotations.end() && ParseRfc3339(it->second)) {
      e.created = it->second;
      break;
    }
  }
  auto out = store.Put(bytes, e);
  if (!out.ok()) return out.error().Context("store attestation in " + store.root());
  return out;
}

Result<int64_t> EvidenceCreationTime(const Clock& clock) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (env == nullptr || *env == '\0') return clock.NowUnixSeconds();
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(env, &end, 10);
  if (errno != 0 || *end != '\0' || v < 0) {
    return Error(
        Errc::kUsage,
        std::string("SOURCE_DATE_EPOCH must be a non-negative integer, not '") + env + "'");
  }
  return static_cast<int64_t>(v);
}

}  // namespace attestfs::app

// BuildTargetEvidence: resolve the attach target -> (pull a registry model) -> scan -> statement
// -> check against the artifact (see target_evidence.h).
#include "app/target_evidence.h"

#include "app/image_evidence.h"
#include "base/temp_dir.h"
#include "oci/registry_connection.h"
#include "targets/scanner.h"

namespace attestfs::app {

namespace {

using Kind = targets::TargetSpec::Kind;

Result<TargetEvidence> ImageEvidenceFor(const TargetEvidenceRequest& r,
                                        std::optional<OciAttachTarget> attach, int64_t created) {
  const bool registry_target = r.target.kind == Kind::kRegistry;
  if (r.predicate != PredicateKind::kCycloneDx)
    return Error(Errc::kUsage, "images get a CycloneDX SBOM: drop --predicate");
  if (!r.include.empty() || !r.exclude.empty())
    return Error(Errc::kUsage, "--include/--exclude apply to model directories, not images");
  const targets::TargetSpec image_target =
      registry_target
          ? targets::TargetSpec{Kind::kRegistry,
                                attach->ref.WithDigest(attach->manifest.descriptor.digest)
                                    .ToString()}
          : r.target;
  const std::string name =
      r.name.empty() && registry_target ? attach->ref.RepositoryName() : r.name;
  AFS_ASSIGN_OR_RETURN(
      auto ev, BuildImageEvidence(image_target, attach ? &attach->conn->registry() : nullptr, name,
                                  created));
  // A registry index: the evidence is about, and attaches to, the platform manifest.
  if (registry_target && ev.manifest_digest != attach->manifest.descriptor.digest) {
    AFS_ASSIGN_OR_RETURN(
        attach,
        ResolveAttachTarget(*attach->conn, attach->ref.WithDigest(ev.manifest_digest).ToString()));
  }
  if (attach && ev.manifest_digest != attach->manifest.descriptor.digest) {
    return Error(Errc::kVerificationFailed,
                 r.target.ToString() + " (manifest " + ev.manifest_digest.ToString() + ") is not " +
                     attach->ref.ToString() + " (manifest " +
                     attach->manifest.descriptor.digest.ToString() + ")");
  }
  TargetEvidence out;
  out.statement = std::move(ev.statement);
  out.attach = std::move(attach);
  out.image = true;
  out.manifest_digest = ev.manifest_digest;
  out.files = ev.files;
  out.os_packages = ev.os_packages;
  out.python = ev.python;
  out.models = ev.models;
  return out;
}

}  // namespace

Result<TargetEvidence> BuildTargetEvidence(const TargetEvidenceRequest& r) {
  const bool registry_target = r.target.kind == Kind::kRegistry;
  if (r.chunk_size < attestation::kMinChunkSize || r.chunk_size > attestation::kMaxChunkSize)
    return Error(Errc::kUsage, "--chunk-size must be between 64 KiB and 1 GiB");
  std::optional<OciAttachTarget> attach;
  if (registry_target || !r.attach_to.empty()) {
    if (r.registry == nullptr)
      return Error(Errc::kInternal, "registry target without a connection");
    AFS_ASSIGN_OR_RETURN(
        attach,
        ResolveAttachTarget(*r.registry, registry_target ? r.target.location : r.attach_to));
  }
  SystemClock system;
  AFS_ASSIGN_OR_RETURN(int64_t created,
                       EvidenceCreationTime(r.clock != nullptr ? *r.clock : system));
  const bool image = r.target.kind == Kind::kOciLayout || r.target.kind == Kind::kOciArchive ||
                     r.target.kind == Kind::kDockerArchive || (registry_target && !attach->model);
  if (image) return ImageEvidenceFor(r, std::move(attach), created);

  targets::TargetSpec spec = r.target;
  TempDir pulled;  // a registry model, pulled (digest-verified) for scanning
  if (registry_target) {
    AFS_ASSIGN_OR_RETURN(pulled, PullModelForEvidence(*attach));
    spec = targets::TargetSpec{Kind::kDir, pulled.path()};
  }
  targets::ScanOptions scan;
  scan.include = r.include;
  scan.exclude = r.exclude;
  scan.chunk_size = r.chunk_size;
  scan.progress = r.progress;
  auto scanned = targets::ScanTarget(spec, scan);
  if (!scanned.ok()) return scanned.error().Context("scan " + spec.ToString());
  TargetEvidence out;
  if (scanned->git) {
    for (const auto& p : scanned->git->uncommitted)
      out.warnings.push_back("uncommitted change: " + p);
    for (const auto& p : scanned->git->lfs_missing)
      out.warnings.push_back("git LFS content missing (pointer file signed): " + p);
  }
  const std::string name =
      !r.name.empty() ? r.name
                      : (registry_target ? attach->ref.RepositoryName() : scanned->default_name);
  AFS_ASSIGN_OR_RETURN(out.statement, BuildContentStatement(*scanned, r.predicate, name, created));
  if (attach) {
    AFS_TRY(CheckFilesMatchArtifact(*attach, scanned->manifest));
    if (r.predicate == PredicateKind::kCycloneDx) AddManifestSubject(*attach, &out.statement);
  }
  out.attach = std::move(attach);
  return out;
}

}  // namespace attestfs::app

// Registry mount preparation: fetch (or load from the cache) -> verify -> cache -> prepared mount.
#include "app/registry_mount_source.h"

#include <limits.h>
#include <unistd.h>

#include <set>
#include <vector>

#include "app/evidence_collector.h"
#include "app/mount_registry_blob_source.h"
#include "app/mount_trust.h"
#include "app/oci_evidence.h"
#include "app/verified_artifact_cache.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/model_artifact.h"
#include "oci/registry_connection.h"
#include "targets/target_spec.h"

namespace attestfs::app {
namespace {

std::string Absolute(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  char cwd[PATH_MAX];
  if (!::getcwd(cwd, sizeof cwd)) return path;
  return std::string(cwd) + "/" + path;
}

// Online: the manifest (by tag or digest), the model config and the referrer payloads.
// Referrer payloads that do not verify under the mount's trust are dropped as they arrive.
// Why referrers were passed over goes to `notes` (for the error when nothing verifies).
Result<CachedArtifact> FetchArtifact(oci::RegistryConnection& conn, const oci::Reference& ref,
                                     const keys::TrustPolicy& trust,
                                     std::vector<std::string>* notes) {
  AFS_ASSIGN_OR_RETURN(oci::FetchedManifest fm, conn.registry().FetchManifest(ref));
  if (!oci::IsModelManifest(fm.bytes)) {
    return Error(Errc::kUnsupported, ref.ToString() + " is not a ModelPack model artifact");
  }
  AFS_ASSIGN_OR_RETURN(oci::Manifest m, oci::Manifest::Parse(fm.bytes));
  CachedArtifact a;
  a.manifest_digest = fm.descriptor.digest;
  const oci::Reference pinned = ref.WithDigest(a.manifest_digest);
  AFS_ASSIGN_OR_RETURN(a.config_bytes,
                       conn.registry().FetchBlob(pinned, m.config, oci::kMaxModelConfigBytes));
  AFS_ASSIGN_OR_RETURN(
      a.evidence, FetchVerifiedPayloads(conn.referrers(), pinned, a.manifest_digest, trust, notes));
  a.manifest_bytes = std::move(fm.bytes);
  return a;
}

// attestation= first, then the store (store= or name= given): entries by name=, then entries
// about the manifest digest.
Result<std::vector<std::string>> LocalDocs(const MountSpec& mo, const digest::Digest& manifest) {
  EvidenceQuery query;
  query.attestation_file = mo.attestation;
  query.store_with_file = true;
  query.use_store = !mo.store.empty() || !mo.name.empty();
  query.store = mo.store;
  query.subject = manifest;
  query.name = mo.name;
  return CollectStoredEvidence(query);
}

struct VerifiedArtifact {
  attestation::FileManifest files;
  oci::ModelLayout layout;
  std::vector<std::string> evidence;  // the documents that verified, newest first
};

// The same checks online and from the cache: manifest digest, layout, signature, policy.
Result<VerifiedArtifact> Verify(const MountTrust& trust, const CachedArtifact& a,
                                std::vector<std::string> extra, const std::string& name,
                                MountReport* report) {
  if (digest::Sha256(a.manifest_bytes) != a.manifest_digest) {
    return Error(Errc::kVerificationFailed, name + ": manifest does not match its digest");
  }
  VerifiedArtifact v;
  AFS_ASSIGN_OR_RETURN(v.layout, oci::ParseModelLayout(a.manifest_bytes, a.config_bytes));
  std::vector<std::string> docs = a.evidence;
  for (auto& d : extra) docs.push_back(std::move(d));
  AFS_ASSIGN_OR_RETURN(auto selected, SelectMountContent(trust, docs, name, a.manifest_digest));
  if (auto s = oci::CheckLayoutMatchesFiles(v.layout, selected.content.manifest); !s.ok()) {
    return s.error().Context(name + " (" + a.manifest_digest.ToString() + ") vs its evidence");
  }
  AFS_TRY(EvaluateMountPolicy(trust, selected, name, report));
  std::set<std::string> verified;
  for (const auto& va : selected.verified) verified.insert(va.digest);
  for (auto& d : docs) {
    if (verified.count(digest::Sha256(d).ToString())) v.evidence.push_back(std::move(d));
  }
  v.files = std::move(selected.content.manifest);
  return v;
}

}  // namespace

std::optional<std::string> RegistrySourceReference(const std::string& source) {
  // The TARGET grammar (targets::ParseTarget): registry: forces a reference; an existing path
  // wins; a bare host[:port]/repo... (Docker's host rule) is a reference.
  if (source.rfind("dir:", 0) == 0 || source.empty()) return std::nullopt;
  auto spec = targets::ParseTarget(source);
  if (!spec.ok() || spec->kind != targets::TargetSpec::Kind::kRegistry) return std::nullopt;
  return spec->location;
}

Result<PreparedMount> RegistryMountSource::Prepare(const MountSpec& mo, MountReport* report) {
  auto ref = oci::Reference::Parse(reference_);
  if (!ref.ok()) return Error(Errc::kInvalidArgument, ref.error().message());
  const std::string name = mo.name.empty() ? ref->ToString() : mo.name;
  AFS_ASSIGN_OR_RETURN(MountTrust trust, LoadMountTrust(mo));
  AFS_ASSIGN_OR_RETURN(
      auto cache, VerifiedArtifactCache::Open(
                      Absolute(mo.cache.empty() ? VerifiedArtifactCache::DefaultDir() : mo.cache)));
  oci::ConnectionOptions copts;
  copts.plain_http = mo.plain_http;
  copts.ca_file = Absolute(mo.ca_file);
  copts.authfile = Absolute(mo.authfile);
  copts.http.max_request_time = std::chrono::seconds(mo.fetch_timeout_seconds);

  CachedArtifact artifact;
  std::vector<std::string> notes;  // referrer payloads that did not verify, and why
  bool offline = false;
  uint64_t verify_bytes = 0;
  {  // this connection is gone before the filesystem daemon forks
    oci::RegistryConnection conn(copts);
    auto fetched = FetchArtifact(conn, *ref, *trust.trust, &notes);
    verify_bytes = conn.Stats().bytes_downloaded;
    if (fetched.ok()) {
      artifact = std::move(*fetched);
    } else if (fetched.error().code() == Errc::kNetwork) {
      auto cached = cache.Load(*ref);
      if (!cached.ok() && cached.error().code() == Errc::kNotFound) {
        return Error(Errc::kNetwork, fetched.error().message() +
                                         "; no verified copy cached: " + cached.error().message());
      }
      if (!cached.ok()) return cached.error().Context("registry unreachable; cached copy");
      report->warnings.push_back("registry unreachable (" + fetched.error().message() +
                                 "); using the copy cached in " + cache.dir());
      artifact = std::move(*cached);
      offline = true;
      copts.http.max_attempts = 1;  // uncached chunks fail fast (EIO) instead of retrying
    } else {
      return fetched.error().Context("resolve " + ref->ToString());
    }
  }
  AFS_ASSIGN_OR_RETURN(auto extra, LocalDocs(mo, artifact.manifest_digest));
  auto verified = Verify(trust, artifact, std::move(extra), name, report);
  if (!verified.ok()) {
    return Error(verified.error().code(), verified.error().message() + JoinNotes(notes));
  }
  VerifiedArtifact v = std::move(*verified);
  if (!offline) {
    artifact.evidence = v.evidence;
    if (auto s = cache.Save(*ref, artifact); !s.ok()) {
      report->warnings.push_back("not cached for offline use: " + s.error().message());
    }
  }
  oci::Reference pinned = *ref;  // tag kept for /proc/mounts; reads go by the pinned layout
  pinned.digest = artifact.manifest_digest;
  PreparedMount out;
  out.source_name = "registry:" + pinned.ToString();
  out.manifest = std::move(v.files);
  std::string stats = Absolute(mo.stats);
  out.source_factory = [copts, pinned, layout = std::move(v.layout), stats,
                        verify_bytes]() -> Result<std::shared_ptr<content::BlobSource>> {
    return std::shared_ptr<content::BlobSource>(
        std::make_shared<MountRegistryBlobSource>(copts, pinned, layout, stats, verify_bytes));
  };
  out.chunk_cache_dir = cache.ChunkDir();  // the daemon opens content::DiskChunkCache here
  return out;
}

}  // namespace attestfs::app

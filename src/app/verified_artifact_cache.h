// VerifiedArtifactCache: what a registry mount verified, kept on disk so a later mount works
// with the registry unreachable: tag -> digest, the manifest, the model config blob and the
// signed evidence, plus the verified chunk cache (chunks/, content::DiskChunkCache). Loading
// re-checks the manifest against its digest and the config against the manifest; the evidence
// comes back UNVERIFIED (the caller re-verifies its signature), so nothing here is trusted blindly.
// Layout (all 0700 directories / 0600 files, written temp+fsync+rename):
//   tags/<sha256 of "registry/repository:tag">.json   {"reference": ..., "digest": ...}
//   manifests/sha256/<hex>   blobs/sha256/<hex>   evidence/sha256/<manifest hex>.json   chunks/
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "digest/digest.h"
#include "oci/reference.h"

namespace attestfs::app {

// Cached evidence: at most this many documents, this many bytes in all.
inline constexpr size_t kMaxCachedEvidenceDocs = 16;
inline constexpr uint64_t kMaxCachedEvidenceBytes = 64ull << 20;
// A tag record is tiny; anything larger is not ours.
inline constexpr uint64_t kMaxTagRecordBytes = 4096;

struct CachedArtifact {
  digest::Digest manifest_digest;
  std::string manifest_bytes;
  std::string config_bytes;
  std::vector<std::string> evidence;  // signed documents, newest first
};

class VerifiedArtifactCache {
 public:
  // /var/cache/attestfs for root, else $XDG_CACHE_HOME/attestfs (or ~/.cache/attestfs).
  static std::string DefaultDir();

  // Creates `dir` (0700) if missing; refuses a symlink, or a directory not owned by the
  // effective uid or open to group/others.
  static Result<VerifiedArtifactCache> Open(const std::string& dir);

  // Records an artifact the caller has VERIFIED (evidence signature, layout against the
  // attested files). `ref`'s tag, when it has one, is pointed at the manifest digest.
  Status Save(const oci::Reference& ref, const CachedArtifact& artifact) const;

  // What Save wrote for `ref` (by its digest, else through the cached tag). kNotFound when the
  // cache has nothing for it; kVerificationFailed when a cached file does not match its digest.
  Result<CachedArtifact> Load(const oci::Reference& ref) const;

  const std::string& dir() const { return dir_; }
  std::string ChunkDir() const { return dir_ + "/chunks"; }

 private:
  explicit VerifiedArtifactCache(std::string dir) : dir_(std::move(dir)) {}
  std::string TagPath(const oci::Reference& ref) const;

  std::string dir_;
};

}  // namespace attestfs::app

// MemoryArtifactStore: an oci::ArtifactStore held in memory for unit tests — manifests by digest
// and tag, blobs by digest, referrers found from the manifests' subject fields, cosign legacy
// tags by name. Reads are digest-checked as the real stores do; Corrupt() plants wrong bytes
// under a digest to test that.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "oci/artifact_store.h"

namespace attestfs::oci::testing {

class MemoryArtifactStore final : public ArtifactStore {
 public:
  std::string Name() const override { return "memory"; }
  Result<FetchedManifest> FetchManifest(const std::string& tag_or_digest) override;
  Result<bool> HasBlob(const Descriptor& d) override {
    return blobs_.count(d.digest.ToString()) > 0;
  }
  Status FetchBlobToFile(const Descriptor& d, const std::string& path) override;
  Result<std::string> FetchBlobBytes(const Descriptor& d, uint64_t max_bytes) override;
  Status PushBlobFile(const Descriptor& d, const std::string& path) override;
  Status PushManifest(const std::string& tag, const FetchedManifest& manifest) override;
  Result<std::vector<Descriptor>> ListReferrers(const digest::Digest& subject) override;
  Status PushReferrer(const FetchedManifest& manifest) override {
    return PushManifest("", manifest);
  }
  Result<std::vector<std::string>> CosignTags(const digest::Digest& subject) override;

  // Test helpers: store bytes as a blob / manifest (descriptor computed), plant bad bytes.
  Descriptor PutBlob(std::string_view media_type, const std::string& bytes);
  Descriptor PutManifest(const std::string& tag, std::string_view media_type,
                         const std::string& bytes);
  void Corrupt(const digest::Digest& d, const std::string& bytes) { blobs_[d.ToString()] = bytes; }

 private:
  std::map<std::string, std::string> blobs_;          // "sha256:..." -> bytes
  std::map<std::string, FetchedManifest> manifests_;  // "sha256:..." -> manifest
  std::map<std::string, std::string> tags_;           // tag -> "sha256:..."
};

}  // namespace attestfs::oci::testing

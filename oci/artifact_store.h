// ArtifactStore: where Copy reads and writes manifests, blobs and referrers — a repository in a
// registry (RegistryStore) or an OCI image-layout directory (LayoutStore, for air-gapped sites).
// Every read is digest-verified by the implementation.
#pragma once

#include <string>
#include <vector>

#include "oci/image_layout.h"
#include "oci/referrers_client.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;
  virtual std::string Name() const = 0;
  // A tag or "sha256:<hex>".
  virtual Result<FetchedManifest> FetchManifest(const std::string& tag_or_digest) = 0;
  virtual Result<bool> HasBlob(const Descriptor& d) = 0;
  virtual Status FetchBlobToFile(const Descriptor& d, const std::string& path) = 0;
  // A small blob read into memory, digest- and size-checked; kTooLarge past `max_bytes` (checked
  // against the descriptor before anything is read).
  virtual Result<std::string> FetchBlobBytes(const Descriptor& d, uint64_t max_bytes) = 0;
  virtual Status PushBlobFile(const Descriptor& d, const std::string& path) = 0;
  // Stores manifest bytes under `tag` (empty: by digest only).
  virtual Status PushManifest(const std::string& tag, const FetchedManifest& manifest) = 0;
  // Referrer manifests of `subject` (descriptors with artifactType/annotations).
  virtual Result<std::vector<Descriptor>> ListReferrers(const digest::Digest& subject) = 0;
  // Stores a referrer manifest whose blobs are present, keeping it discoverable.
  virtual Status PushReferrer(const FetchedManifest& manifest) = 0;
  // Which of cosign's legacy tags for `subject` exist here (sha256-<hex>.sig / .att / .sbom).
  virtual Result<std::vector<std::string>> CosignTags(const digest::Digest& subject) = 0;
};

// cosign's legacy tag suffixes (SIGNATURE_SPEC: tag-based discovery).
inline constexpr const char* kCosignTagSuffixes[] = {".sig", ".att", ".sbom"};

class RegistryStore final : public ArtifactStore {
 public:
  // `repo`: the repository (its tag/digest are ignored). Both clients must outlive the store.
  RegistryStore(RegistryClient& client, ReferrersClient& referrers, Reference repo)
      : client_(client), referrers_(referrers), repo_(std::move(repo)) {}
  std::string Name() const override { return repo_.RepositoryName(); }
  Result<FetchedManifest> FetchManifest(const std::string& tag_or_digest) override;
  Result<bool> HasBlob(const Descriptor& d) override;
  Status FetchBlobToFile(const Descriptor& d, const std::string& path) override;
  Result<std::string> FetchBlobBytes(const Descriptor& d, uint64_t max_bytes) override {
    return client_.FetchBlob(repo_, d, max_bytes);
  }
  Status PushBlobFile(const Descriptor& d, const std::string& path) override;
  Status PushManifest(const std::string& tag, const FetchedManifest& manifest) override;
  Result<std::vector<Descriptor>> ListReferrers(const digest::Digest& subject) override;
  Status PushReferrer(const FetchedManifest& manifest) override;
  Result<std::vector<std::string>> CosignTags(const digest::Digest& subject) override;

 private:
  Reference At(const std::string& tag_or_digest) const;
  RegistryClient& client_;
  ReferrersClient& referrers_;
  Reference repo_;
};

class LayoutStore final : public ArtifactStore {
 public:
  explicit LayoutStore(ImageLayout& layout) : layout_(layout) {}
  std::string Name() const override { return "oci-layout:" + layout_.dir(); }
  Result<FetchedManifest> FetchManifest(const std::string& tag_or_digest) override;
  Result<bool> HasBlob(const Descriptor& d) override { return layout_.HasBlob(d.digest); }
  Status FetchBlobToFile(const Descriptor& d, const std::string& path) override {
    return layout_.CopyBlobToFile(d, path);
  }
  Result<std::string> FetchBlobBytes(const Descriptor& d, uint64_t max_bytes) override {
    return layout_.ReadBlob(d, max_bytes);
  }
  Status PushBlobFile(const Descriptor& d, const std::string& path) override {
    return layout_.PutBlobFile(d, path);
  }
  Status PushManifest(const std::string& tag, const FetchedManifest& manifest) override;
  Result<std::vector<Descriptor>> ListReferrers(const digest::Digest& subject) override {
    return layout_.Referrers(subject);
  }
  Status PushReferrer(const FetchedManifest& manifest) override {
    return PushManifest("", manifest);  // untagged index.json entry
  }
  Result<std::vector<std::string>> CosignTags(const digest::Digest& subject) override;

 private:
  ImageLayout& layout_;
};

}  // namespace attestfs::oci

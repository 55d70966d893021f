// ImageLayout: an OCI image-layout directory (oci-layout, index.json, blobs/sha256/<hex>) as
// read and written by skopeo/umoci/oras. Blobs are verified on the way in and on the way out.
// Tags are index.json entries with org.opencontainers.image.ref.name; referrers are kept as
// untagged index.json entries (oras's convention; image-spec#1171 has no standard yet).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "oci/descriptor.h"
#include "oci/image_index.h"

namespace attestfs::oci {

// index.json and oci-layout are read up to this size.
inline constexpr uint64_t kMaxLayoutIndexBytes = 16u << 20;

class ImageLayout {
 public:
  // Opens an existing layout (kNotFound / kMalformed when `dir` is not one).
  static Result<std::unique_ptr<ImageLayout>> Open(const std::string& dir);
  // Opens, or creates an empty layout (creating `dir` if needed).
  static Result<std::unique_ptr<ImageLayout>> OpenOrCreate(const std::string& dir);

  const std::string& dir() const { return dir_; }
  std::string BlobPath(const digest::Digest& d) const;
  bool HasBlob(const digest::Digest& d) const;
  // Verifies bytes against `d` and stores them (atomic, no-op when present).
  Status PutBlobBytes(const Descriptor& d, std::string_view bytes);
  // Verifies the file at `path` against `d` and moves (or copies) it into the layout.
  Status PutBlobFile(const Descriptor& d, const std::string& path);
  // Reads a blob (<= max_bytes) and verifies it.
  Result<std::string> ReadBlob(const Descriptor& d, uint64_t max_bytes) const;
  // Copies a blob to `path`, verifying it on the way (temp file + rename).
  Status CopyBlobToFile(const Descriptor& d, const std::string& path) const;

  Result<ImageIndex> ReadIndex() const;
  // Adds `manifest` to index.json; a non-empty tag replaces the entry holding that tag.
  // Untagged entries are deduplicated by digest.
  Status AddToIndex(const Descriptor& manifest, const std::string& tag) AFS_EXCLUDES(index_mu_);
  // A tag (ref.name annotation) or "sha256:..." digest -> the index entry.
  Result<Descriptor> Resolve(const std::string& tag_or_digest) const;
  // Manifests in index.json whose subject is `subject`.
  Result<std::vector<Descriptor>> Referrers(const digest::Digest& subject) const;

 private:
  explicit ImageLayout(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  // Serialises index.json read-modify-write within the process; guards the file, no member.
  Mutex index_mu_;
};

}  // namespace attestfs::oci

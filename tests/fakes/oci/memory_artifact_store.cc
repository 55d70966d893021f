// MemoryArtifactStore: maps, with the digest checks of the real stores (see the header).
#include "fakes/oci/memory_artifact_store.h"

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"

namespace attestfs::oci::testing {

namespace {
Status CheckBytes(const Descriptor& d, const std::string& bytes) {
  if (static_cast<int64_t>(bytes.size()) != d.size || digest::Sha256(bytes) != d.digest)
    return Error(Errc::kVerificationFailed, "blob " + d.digest.ToString() + " does not match");
  return OkStatus();
}
}  // namespace

Result<FetchedManifest> MemoryArtifactStore::FetchManifest(const std::string& tag_or_digest) {
  std::string key = tag_or_digest;
  if (key.rfind("sha256:", 0) != 0) {
    auto t = tags_.find(key);
    if (t == tags_.end()) return Error(Errc::kNotFound, "tag " + key + " not found");
    key = t->second;
  }
  auto it = manifests_.find(key);
  if (it == manifests_.end()) return Error(Errc::kNotFound, "manifest " + key + " not found");
  if (digest::Sha256(it->second.bytes) != it->second.descriptor.digest)
    return Error(Errc::kVerificationFailed, "manifest " + key + " does not match its digest");
  return it->second;
}

Result<std::string> MemoryArtifactStore::FetchBlobBytes(const Descriptor& d, uint64_t max_bytes) {
  if (d.size < 0 || static_cast<uint64_t>(d.size) > max_bytes)
    return Error(Errc::kTooLarge, "blob " + d.digest.ToString() + " over the limit");
  auto it = blobs_.find(d.digest.ToString());
  if (it == blobs_.end()) return Error(Errc::kNotFound, "blob " + d.digest.ToString());
  AFS_TRY(CheckBytes(d, it->second));
  return it->second;
}

Status MemoryArtifactStore::FetchBlobToFile(const Descriptor& d, const std::string& path) {
  AFS_ASSIGN_OR_RETURN(auto bytes, FetchBlobBytes(d, UINT64_MAX));
  return WriteFileAtomic(path, bytes);
}

Status MemoryArtifactStore::PushBlobFile(const Descriptor& d, const std::string& path) {
  AFS_ASSIGN_OR_RETURN(auto bytes, ReadFileLimited(path, 1ull << 30));
  AFS_TRY(CheckBytes(d, bytes));
  blobs_[d.digest.ToString()] = std::move(bytes);
  return OkStatus();
}

Status MemoryArtifactStore::PushManifest(const std::string& tag, const FetchedManifest& m) {
  AFS_TRY(CheckBytes(m.descriptor, m.bytes));
  manifests_[m.descriptor.digest.ToString()] = m;
  if (!tag.empty()) tags_[tag] = m.descriptor.digest.ToString();
  return OkStatus();
}

Result<std::vector<Descriptor>> MemoryArtifactStore::ListReferrers(const digest::Digest& subject) {
  std::vector<Descriptor> out;
  for (const auto& [digest, m] : manifests_) {
    auto parsed = Manifest::Parse(m.bytes);
    if (!parsed.ok() || !parsed->subject || parsed->subject->digest != subject) continue;
    Descriptor d = m.descriptor;
    d.artifact_type = parsed->artifact_type;
    d.annotations = parsed->annotations;
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<std::string>> MemoryArtifactStore::CosignTags(const digest::Digest& subject) {
  std::vector<std::string> out;
  const std::string base = "sha256-" + subject.Hex();
  for (const char* suffix : kCosignTagSuffixes) {
    if (tags_.count(base + suffix)) out.push_back(base + suffix);
  }
  return out;
}

Descriptor MemoryArtifactStore::PutBlob(std::string_view media_type, const std::string& bytes) {
  Descriptor d;
  d.media_type = std::string(media_type);
  d.digest = digest::Sha256(bytes);
  d.size = static_cast<int64_t>(bytes.size());
  blobs_[d.digest.ToString()] = bytes;
  return d;
}

Descriptor MemoryArtifactStore::PutManifest(const std::string& tag, std::string_view media_type,
                                            const std::string& bytes) {
  FetchedManifest m;
  m.bytes = bytes;
  m.descriptor.media_type = std::string(media_type);
  m.descriptor.digest = digest::Sha256(bytes);
  m.descriptor.size = static_cast<int64_t>(bytes.size());
  manifests_[m.descriptor.digest.ToString()] = m;
  if (!tag.empty()) tags_[tag] = m.descriptor.digest.ToString();
  return m.descriptor;
}

}  // namespace attestfs::oci::testing

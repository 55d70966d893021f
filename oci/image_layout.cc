// ImageLayout: files under blobs/sha256, index.json updates with WriteFileAtomic.
#include "oci/image_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "base/file_io.h"
#include "base/unique_fd.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kLayoutFile = R"({"imageLayoutVersion":"1.0.0"})";

Status VerifyFile(const std::string& path, const Descriptor& d) {
  AFS_ASSIGN_OR_RETURN(digest::FileHash h, digest::HashFile(path));
  if (h.size != static_cast<uint64_t>(d.size) || h.digest != d.digest) {
    return Error(Errc::kVerificationFailed, path + " does not match " + d.digest.ToString() + " (" +
                                                std::to_string(d.size) + " bytes)");
  }
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<ImageLayout>> ImageLayout::Open(const std::string& dir) {
  auto text = ReadFileLimited(dir + "/oci-layout", kMaxLayoutIndexBytes);
  if (!text.ok()) {
    return Error(Errc::kNotFound, dir + " is not an OCI image layout (no oci-layout file)");
  }
  if (text->find("imageLayoutVersion") == std::string::npos) {
    return Error(Errc::kMalformed, dir + "/oci-layout has no imageLayoutVersion");
  }
  return std::unique_ptr<ImageLayout>(new ImageLayout(dir));
}

Result<std::unique_ptr<ImageLayout>> ImageLayout::OpenOrCreate(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir + "/oci-layout", ec)) {
    AFS_TRY(MakeDirs(dir + "/blobs/sha256", 0755));
    AFS_TRY(WriteFileAtomic(dir + "/oci-layout", kLayoutFile));
    if (!fs::exists(dir + "/index.json", ec)) {
      ImageIndex empty;
      AFS_TRY(WriteFileAtomic(dir + "/index.json", empty.Serialize()));
    }
  }
  return Open(dir);
}

std::string ImageLayout::BlobPath(const digest::Digest& d) const {
  return dir_ + "/blobs/sha256/" + d.Hex();
}

bool ImageLayout::HasBlob(const digest::Digest& d) const {
  struct stat st;
  return ::stat(BlobPath(d).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Status ImageLayout::PutBlobBytes(const Descriptor& d, std::string_view bytes) {
  if (static_cast<int64_t>(bytes.size()) != d.size || digest::Sha256(bytes) != d.digest) {
    return Error(Errc::kVerificationFailed, "blob does not match " + d.digest.ToString());
  }
  if (HasBlob(d.digest)) return OkStatus();
  AFS_TRY(MakeDirs(dir_ + "/blobs/sha256", 0755));
  return WriteFileAtomic(BlobPath(d.digest), bytes);
}

Status ImageLayout::PutBlobFile(const Descriptor& d, const std::string& path) {
  AFS_TRY(VerifyFile(path, d));
  if (HasBlob(d.digest)) return OkStatus();
  AFS_TRY(MakeDirs(dir_ + "/blobs/sha256", 0755));
  if (::rename(path.c_str(), BlobPath(d.digest).c_str()) == 0) return OkStatus();
  std::error_code ec;
  std::string tmp = BlobPath(d.digest) + ".tmp";
  fs::copy_file(path, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Error(Errc::kIo, "copy " + path + ": " + ec.message());
  AFS_TRY(VerifyFile(tmp, d));
  if (::rename(tmp.c_str(), BlobPath(d.digest).c_str()) != 0) return ErrnoError("rename", errno);
  return OkStatus();
}

Result<std::string> ImageLayout::ReadBlob(const Descriptor& d, uint64_t max_bytes) const {
  if (d.size < 0 || static_cast<uint64_t>(d.size) > max_bytes) {
    return Error(Errc::kTooLarge, "blob " + d.digest.ToString() + " over the size limit");
  }
  AFS_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(BlobPath(d.digest), max_bytes));
  if (static_cast<int64_t>(bytes.size()) != d.size || digest::Sha256(bytes) != d.digest) {
    return Error(Errc::kVerificationFailed, BlobPath(d.digest) + " does not match its digest");
  }
  return bytes;
}

Status ImageLayout::CopyBlobToFile(const Descriptor& d, const std::string& path) const {
  std::string tmp = path + ".partial";
  std::error_code ec;
  fs::copy_file(BlobPath(d.digest), tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Error(Errc::kNotFound, "copy blob " + d.digest.ToString() + ": " + ec.message());
  Status v = VerifyFile(tmp, d);
  if (!v.ok()) {
    ::unlink(tmp.c_str());
    return v;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoError("rename to " + path, errno);
  return OkStatus();
}

Result<ImageIndex> ImageLayout::ReadIndex() const {
  AFS_ASSIGN_OR_RETURN(std::string text,
                       ReadFileLimited(dir_ + "/index.json", kMaxLayoutIndexBytes));
  auto idx = ImageIndex::Parse(text);
  if (!idx.ok()) return idx.error().Context(dir_ + "/index.json");
  return idx;
}

Status ImageLayout::AddToIndex(const Descriptor& manifest, const std::string& tag) {
  MutexLock lock(index_mu_);
  AFS_ASSIGN_OR_RETURN(ImageIndex idx, ReadIndex());
  Descriptor entry = manifest;
  std::vector<Descriptor> kept;
  for (auto& d : idx.manifests) {
    std::string name = d.Annotation(std::string(kAnnotationRefName));
    if (!tag.empty() && name == tag) continue;                                          // retagged
    if (tag.empty() && name.empty() && d.digest == manifest.digest) return OkStatus();  // present
    kept.push_back(d);
  }
  if (!tag.empty()) entry.annotations[std::string(kAnnotationRefName)] = tag;
  kept.push_back(entry);
  idx.manifests = std::move(kept);
  idx.media_type = std::string(kOciIndex);
  return WriteFileAtomic(dir_ + "/index.json", idx.Serialize());
}

Result<Descriptor> ImageLayout::Resolve(const std::string& ref) const {
  AFS_ASSIGN_OR_RETURN(ImageIndex idx, ReadIndex());
  bool by_digest = ref.rfind("sha256:", 0) == 0;
  for (auto& d : idx.manifests) {
    if (by_digest ? d.digest.ToString() == ref
                  : d.Annotation(std::string(kAnnotationRefName)) == ref) {
      return d;
    }
  }
  if (by_digest) {
    // Not in index.json (e.g. a child of an index): describe the blob itself.
    auto dg = digest::Digest::Parse(ref);
    if (dg.ok() && HasBlob(*dg)) {
      AFS_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(BlobPath(*dg), kMaxManifestBytes));
      auto kind = DetectManifestKind(bytes, "");
      if (!kind.ok()) return kind.error();
      return DescribeBytes(*kind == ManifestKind::kImageIndex ? kOciIndex : kOciManifest, bytes);
    }
  }
  return Error(Errc::kNotFound, "no manifest '" + ref + "' in " + dir_);
}

Result<std::vector<Descriptor>> ImageLayout::Referrers(const digest::Digest& subject) const {
  AFS_ASSIGN_OR_RETURN(ImageIndex idx, ReadIndex());
  std::vector<Descriptor> out;
  for (auto& d : idx.manifests) {
    if (d.media_type != kOciManifest || d.size > static_cast<int64_t>(kMaxManifestBytes)) continue;
    auto bytes = ReadBlob(d, kMaxManifestBytes);
    if (!bytes.ok()) continue;
    auto m = Manifest::Parse(*bytes);
    if (!m.ok() || !m->subject || m->subject->digest != subject) continue;
    Descriptor r = d;
    r.artifact_type = m->EffectiveArtifactType();
    r.annotations = m->annotations;
    out.push_back(r);
  }
  return out;
}

}  // namespace attestfs::oci

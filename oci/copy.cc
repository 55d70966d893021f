// Copy: graph walk (index -> manifests -> blobs), then referrers; RegistryStore / LayoutStore.
#include "oci/copy.h"

#include <unistd.h>

#include <atomic>
#include <set>

#include "base/mutex.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/transfer_pool.h"

namespace attestfs::oci {
namespace {

// Index nesting deeper than this is refused (hostile or broken graphs).
constexpr int kMaxIndexDepth = 8;

class Copier {
 public:
  Copier(ArtifactStore& src, ArtifactStore& dst, const CopyOptions& o)
      : src_(src), dst_(dst), o_(o) {}

  Status CopyBlobs(const std::vector<Descriptor>& blobs) {
    std::vector<std::function<Status()>> tasks;
    for (const Descriptor& d : blobs) {
      {
        MutexLock lock(mu_);
        if (!done_blobs_.insert(d.digest).second) continue;
      }
      tasks.push_back([this, d]() -> Status {
        AFS_ASSIGN_OR_RETURN(bool has, dst_.HasBlob(d));
        if (has) return OkStatus();
        std::string tmp =
            o_.temp_dir + "/attestfs-copy-" + d.digest.Hex() + "-" + std::to_string(::getpid());
        Status st = src_.FetchBlobToFile(d, tmp);
        if (st.ok()) st = dst_.PushBlobFile(d, tmp);
        ::unlink(tmp.c_str());
        if (st.ok()) {
          MutexLock lock(mu_);
          blobs_copied_++;
        }
        return st;
      });
    }
    return RunParallel(tasks, o_.workers);
  }

  // Copies the content graph below `m` (not `m` itself).
  Status CopyChildren(const FetchedManifest& m, int depth) {
    if (depth > kMaxIndexDepth) return Error(Errc::kMalformed, "index nesting too deep");
    if (m.descriptor.media_type == kOciIndex || m.descriptor.media_type == kDockerManifestList) {
      AFS_ASSIGN_OR_RETURN(ImageIndex idx, ImageIndex::Parse(m.bytes));
      for (auto& child : idx.manifests) {
        AFS_ASSIGN_OR_RETURN(FetchedManifest cm, src_.FetchManifest(child.digest.ToString()));
        AFS_TRY(CopyChildren(cm, depth + 1));
        AFS_TRY(dst_.PushManifest("", cm));
        result_.manifests_copied++;
      }
      return OkStatus();
    }
    AFS_ASSIGN_OR_RETURN(Manifest man, Manifest::Parse(m.bytes));
    std::vector<Descriptor> blobs = man.layers;
    blobs.insert(blobs.begin(), man.config);
    return CopyBlobs(blobs);
  }

  Status CopyReferrers(const digest::Digest& subject, int depth) {
    if (depth > o_.max_depth) return OkStatus();
    AFS_ASSIGN_OR_RETURN(std::vector<Descriptor> refs, src_.ListReferrers(subject));
    for (auto& r : refs) {
      AFS_ASSIGN_OR_RETURN(FetchedManifest rm, src_.FetchManifest(r.digest.ToString()));
      AFS_TRY(CopyChildren(rm, 0));
      AFS_TRY(dst_.PushReferrer(rm));
      result_.referrers_copied++;
      AFS_TRY(CopyReferrers(rm.descriptor.digest, depth + 1));
    }
    return OkStatus();
  }

  // cosign's legacy .sig/.att/.sbom tags travel with the subject under the same tag names.
  Status CopyCosignTags(const digest::Digest& subject) {
    AFS_ASSIGN_OR_RETURN(std::vector<std::string> tags, src_.CosignTags(subject));
    for (auto& tag : tags) {
      AFS_ASSIGN_OR_RETURN(FetchedManifest m, src_.FetchManifest(tag));
      AFS_TRY(CopyChildren(m, 0));
      AFS_TRY(dst_.PushManifest(tag, m));
      result_.referrers_copied++;
    }
    return OkStatus();
  }

  // Blobs copied so far (result_.blobs_copied is set from it at the end).
  int BlobsCopied() AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return blobs_copied_;
  }

  CopyResult result_;  // written by the calling thread only (the workers count blobs_copied_)

 private:
  ArtifactStore& src_;
  ArtifactStore& dst_;
  const CopyOptions& o_;
  Mutex mu_;
  std::set<digest::Digest> done_blobs_ AFS_GUARDED_BY(mu_);
  int blobs_copied_ AFS_GUARDED_BY(mu_) = 0;
};

}  // namespace

Result<CopyResult> Copy(ArtifactStore& src, const std::string& src_ref, ArtifactStore& dst,
                        const std::string& dst_tag, const CopyOptions& options) {
  const std::string what = "copy " + src.Name() + ":" + src_ref + " to " + dst.Name();
  Copier c(src, dst, options);
  auto root = src.FetchManifest(src_ref);
  if (!root.ok()) return root.error().Context(what);
  Status st = c.CopyChildren(*root, 0);
  if (st.ok()) st = dst.PushManifest(dst_tag, *root);
  if (st.ok() && options.referrers) st = c.CopyReferrers(root->descriptor.digest, 1);
  if (st.ok() && options.referrers) st = c.CopyCosignTags(root->descriptor.digest);
  if (!st.ok()) return st.error().Context(what);
  c.result_.root = root->descriptor;
  c.result_.manifests_copied++;
  c.result_.blobs_copied = c.BlobsCopied();
  return c.result_;
}

Reference RegistryStore::At(const std::string& tag_or_digest) const {
  if (tag_or_digest.rfind("sha256:", 0) == 0) {
    auto d = digest::Digest::Parse(tag_or_digest);
    if (d.ok()) return repo_.WithDigest(*d);
  }
  return repo_.WithTag(tag_or_digest);
}

Result<FetchedManifest> RegistryStore::FetchManifest(const std::string& tag_or_digest) {
  return client_.FetchManifest(At(tag_or_digest));
}

Result<bool> RegistryStore::HasBlob(const Descriptor& d) {
  AFS_ASSIGN_OR_RETURN(std::optional<int64_t> size, client_.BlobSize(repo_, d.digest));
  return size.has_value();
}

Status RegistryStore::FetchBlobToFile(const Descriptor& d, const std::string& path) {
  return client_.FetchBlobToFile(repo_, d, path);
}

Status RegistryStore::PushBlobFile(const Descriptor& d, const std::string& path) {
  return client_.PushBlobFile(repo_, d, path);
}

Status RegistryStore::PushManifest(const std::string& tag, const FetchedManifest& m) {
  Reference target = tag.empty() ? repo_.WithDigest(m.descriptor.digest) : repo_.WithTag(tag);
  auto pushed = client_.PushManifest(target, m.bytes, m.descriptor.media_type);
  if (!pushed.ok()) return pushed.error();
  return OkStatus();
}

Result<std::vector<Descriptor>> RegistryStore::ListReferrers(const digest::Digest& subject) {
  AFS_ASSIGN_OR_RETURN(std::vector<ReferrerEntry> entries, referrers_.List(repo_, subject));
  std::vector<Descriptor> out;
  for (auto& e : entries) {
    if (e.source != ReferrersSource::kCosignAttTag) out.push_back(e.descriptor);
  }
  return out;
}

Status RegistryStore::PushReferrer(const FetchedManifest& m) {
  if (m.descriptor.media_type != kOciManifest) return PushManifest("", m);
  auto pushed = referrers_.PushReferrerManifest(repo_, m.bytes);
  if (!pushed.ok()) return pushed.error();
  return OkStatus();
}

Result<std::vector<std::string>> RegistryStore::CosignTags(const digest::Digest& subject) {
  std::vector<std::string> out;
  for (const char* suffix : kCosignTagSuffixes) {
    std::string tag = ReferrersTag(subject) + suffix;
    auto d = client_.ResolveManifest(repo_.WithTag(tag));
    if (d.ok()) {
      out.push_back(tag);
    } else if (d.error().code() != Errc::kNotFound) {
      return d.error();
    }
  }
  return out;
}

Result<std::vector<std::string>> LayoutStore::CosignTags(const digest::Digest& subject) {
  std::vector<std::string> out;
  for (const char* suffix : kCosignTagSuffixes) {
    std::string tag = ReferrersTag(subject) + suffix;
    if (layout_.Resolve(tag).ok()) out.push_back(tag);
  }
  return out;
}

Result<FetchedManifest> LayoutStore::FetchManifest(const std::string& tag_or_digest) {
  AFS_ASSIGN_OR_RETURN(Descriptor d, layout_.Resolve(tag_or_digest));
  FetchedManifest out;
  AFS_ASSIGN_OR_RETURN(out.bytes, layout_.ReadBlob(d, kMaxManifestBytes));
  AFS_ASSIGN_OR_RETURN(ManifestKind kind, DetectManifestKind(out.bytes, d.media_type));
  out.descriptor =
      DescribeBytes(kind == ManifestKind::kImageIndex ? kOciIndex : kOciManifest, out.bytes);
  if (d.media_type == kDockerManifest || d.media_type == kDockerManifestList) {
    out.descriptor.media_type = d.media_type;
  }
  return out;
}

Status LayoutStore::PushManifest(const std::string& tag, const FetchedManifest& m) {
  AFS_TRY(layout_.PutBlobBytes(m.descriptor, m.bytes));
  Descriptor entry = m.descriptor;
  if (tag.empty()) {
    // Only referrers (manifests with a subject) and roots go into index.json untagged; children
    // of an index are reachable through it.
    auto parsed = Manifest::Parse(m.bytes);
    if (!parsed.ok() || !parsed->subject) return OkStatus();
  }
  return layout_.AddToIndex(entry, tag);
}

}  // namespace attestfs::oci

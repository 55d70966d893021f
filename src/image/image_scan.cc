// ScanImage: streams every layer through libarchive into a LayerTree (hashing each regular
// file, keeping package metadata files in memory), verifies each layer blob against its digest,
// then derives the inventory (files, OS, dpkg packages, Python distributions, models).
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <tuple>
#include <vector>

#include "digest/sha256_hasher.h"
#include "image/entry_path.h"
#include "image/image_inventory.h"
#include "image/image_limits.h"
#include "image/inventory_builder.h"
#include "image/layer_tree.h"
#include "image/opened_image.h"
#include "oci/media_types.h"

namespace attestfs::image {
namespace {

struct ArchiveDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

bool IsTarLayer(std::string_view mt) {
  return mt == oci::kOciLayerTar || mt == oci::kOciLayerTarGzip || mt == oci::kOciLayerTarZstd ||
         mt.rfind(kOciLayerNondistributablePrefix, 0) == 0 || mt == kDockerLayerTarGzip ||
         mt == kDockerLayerForeignTarGzip || mt == "application/vnd.docker.image.rootfs.diff.tar";
}

bool InPythonLib(std::string_view dir) {
  std::string_view base = BaseName(dir);
  return base == "site-packages" || base == "dist-packages";
}

// How many bytes of `path` to keep for metadata parsing (0: none). `strict`: a larger file is
// an error instead of being cut to the prefix.
uint64_t CaptureLimit(std::string_view path, bool* strict) {
  *strict = false;
  if (path == "var/lib/dpkg/status") {
    *strict = true;
    return kMaxDpkgStatusBytes;
  }
  if (ParentOf(path) == "var/lib/dpkg/status.d" && !path.ends_with(".md5sums")) {
    *strict = true;
    return kMaxDpkgStatusDFileBytes;
  }
  if (path == "etc/os-release" || path == "usr/lib/os-release") return kMaxOsReleaseBytes;
  std::string_view base = BaseName(path), parent = ParentOf(path);
  if ((base == "METADATA" && parent.ends_with(".dist-info") && InPythonLib(ParentOf(parent))) ||
      (base == "PKG-INFO" && parent.ends_with(".egg-info") && InPythonLib(ParentOf(parent))) ||
      (path.ends_with(".egg-info") && InPythonLib(parent))) {
    return kMaxPythonMetadataBytes;
  }
  if (base == "copyright" && ParentOf(parent) == "usr/share/doc") return kMaxCopyrightBytes;
  return 0;
}

struct ReadContext {
  BlobReader* reader;
  std::vector<char> buf = std::vector<char>(1 << 16);
  std::optional<Error> error;
};

la_ssize_t ReadCallback(struct archive* a, void* user, const void** out) {
  auto* ctx = static_cast<ReadContext*>(user);
  auto n = ctx->reader->Read(ctx->buf.data(), ctx->buf.size());
  if (!n.ok()) {
    ctx->error = n.error();
    archive_set_error(a, EIO, "%s", n.error().message().c_str());
    return -1;
  }
  *out = ctx->buf.data();
  return static_cast<la_ssize_t>(*n);
}

// Totals over the whole image, checked against the limits as layers are applied.
struct ScanCounters {
  uint64_t captured = 0;  // metadata bytes kept in memory
  uint64_t content = 0;   // file bytes hashed (sparse holes included)
  uint64_t whiteouts = 0;
};

class LayerApplier {
 public:
  LayerApplier(LayerTree& tree, ScanCounters& counters, int layer)
      : tree_(tree), counters_(counters), layer_(layer) {}

  Status Apply(BlobReader& reader) {
    std::unique_ptr<struct archive, ArchiveDeleter> a(archive_read_new());
    if (!a) return Error(Errc::kInternal, "archive_read_new failed");
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_zstd(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_empty(a.get());
    ReadContext ctx{&reader};
    Status s = Run(a.get(), ctx);
    // Whatever went wrong, a blob that does not match its digest is the error to report.
    Status verified = reader.Finish();
    if (!verified.ok()) return verified;
    if (!s.ok()) return s.error().Context(reader.Name());
    return OkStatus();
  }

 private:
  Error ArchiveError(struct archive* a, const ReadContext& ctx) {
    if (ctx.error) return *ctx.error;
    const char* m = archive_error_string(a);
    return Error(Errc::kMalformed, std::string("layer tar: ") + (m ? m : "read error"));
  }

  Status Run(struct archive* a, ReadContext& ctx) {
    if (archive_read_open(a, &ctx, nullptr, ReadCallback, nullptr) != ARCHIVE_OK)
      return ArchiveError(a, ctx);
    size_t entries = 0;
    for (;;) {
      struct archive_entry* e = nullptr;
      int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) return OkStatus();
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return ArchiveError(a, ctx);
      if (++entries > kMaxLayerEntries) {
        return Error(Errc::kTooLarge,
                     "layer has more than " + std::to_string(kMaxLayerEntries) + " entries");
      }
      AFS_TRY(Entry(a, e, ctx));
    }
  }

  Status Entry(struct archive* a, struct archive_entry* e, ReadContext& ctx) {
    // Names that do not convert to the locale's charset are still available as UTF-8.
    const char* raw = archive_entry_pathname(e);
    if (raw == nullptr) raw = archive_entry_pathname_utf8(e);
    if (raw == nullptr) return Error(Errc::kMalformed, "layer entry without a readable name");
    AFS_ASSIGN_OR_RETURN(std::string path, NormalizeEntryPath(raw));
    if (path.empty()) return OkStatus();  // the root directory itself
    std::string_view base = BaseName(path);
    if (base.rfind(".wh.", 0) == 0) {
      ++counters_.whiteouts;
      std::string dir(ParentOf(path));
      if (base == ".wh..wh..opq") {
        tree_.Opaque(dir, layer_);
      } else if (base.rfind(".wh..wh.", 0) != 0) {  // other .wh..wh. names are AUFS metadata
        std::string name(base.substr(4));
        if (name.empty() || name == "." || name == "..")
          return Error(Errc::kUnsafePath, "whiteout '" + path + "' names no file");
        tree_.Whiteout(dir.empty() ? name : dir + "/" + name, layer_);
      }
      return OkStatus();
    }
    TreeNode node;
    node.layer = layer_;
    node.mode = static_cast<unsigned>(archive_entry_perm(e));
    const char* hl = archive_entry_hardlink(e);
    if (hl == nullptr) hl = archive_entry_hardlink_utf8(e);
    if (hl != nullptr) {
      AFS_ASSIGN_OR_RETURN(std::string target, NormalizeEntryPath(hl));
      const TreeNode* t = tree_.Find(target);
      if (t == nullptr || t->type != TreeNode::Type::kRegular)
        return Error(Errc::kMalformed, "hard link '" + path + "' to missing file '" + target + "'");
      node = *t;
      node.layer = layer_;
      return tree_.Put(path, std::move(node));
    }
    switch (archive_entry_filetype(e)) {
      case AE_IFREG:
        node.type = TreeNode::Type::kRegular;
        AFS_TRY(HashContent(a, e, path, node, ctx));
        break;
      case AE_IFLNK:
        node.type = TreeNode::Type::kSymlink;
        if (const char* l = archive_entry_symlink(e)) {
          node.link_target = l;
        } else if (const char* u = archive_entry_symlink_utf8(e)) {
          node.link_target = u;
        }
        break;
      case AE_IFDIR:
        node.type = TreeNode::Type::kDir;
        break;
      default:
        node.type = TreeNode::Type::kOther;  // devices, fifos, sockets
        break;
    }
    return tree_.Put(path, std::move(node));
  }

  // Appends `len` bytes (zeros when `buf` is null: a sparse hole) to the hash and capture.
  static void Feed(digest::Sha256Hasher& hasher, std::string& captured, uint64_t keep,
                   const void* buf, uint64_t len) {
    static const char kZeros[1 << 16] = {};
    while (len > 0) {
      size_t n = buf ? static_cast<size_t>(len)
                     : static_cast<size_t>(std::min<uint64_t>(len, sizeof(kZeros)));
      const char* p = buf ? static_cast<const char*>(buf) : kZeros;
      hasher.Update(p, n);
      if (captured.size() < keep)
        captured.append(p, static_cast<size_t>(std::min<uint64_t>(n, keep - captured.size())));
      len -= n;
    }
  }

  Status HashContent(struct archive* a, struct archive_entry* e, const std::string& path,
                     TreeNode& node, ReadContext& ctx) {
    bool strict = false;
    uint64_t keep = CaptureLimit(path, &strict);
    // Declared sizes first: a tiny sparse entry may claim petabytes of holes.
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
      AFS_TRY(Account(path, static_cast<uint64_t>(archive_entry_size(e))));
    uint64_t accounted = archive_entry_size_is_set(e) && archive_entry_size(e) > 0
                             ? static_cast<uint64_t>(archive_entry_size(e))
                             : 0;
    digest::Sha256Hasher hasher;
    std::string captured;
    uint64_t total = 0;
    for (;;) {
      const void* buf = nullptr;
      size_t len = 0;
      la_int64_t off = 0;
      int r = archive_read_data_block(a, &buf, &len, &off);
      if (r == ARCHIVE_EOF) break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return ArchiveError(a, ctx).Context(path);
      if (off < 0 || static_cast<uint64_t>(off) < total)
        return Error(Errc::kMalformed, path + ": sparse map goes backwards");
      uint64_t next = static_cast<uint64_t>(off) + len;
      if (next > accounted) {  // more than declared (a decompression bomb): count as we go
        AFS_TRY(Account(path, next - accounted));
        accounted = next;
      }
      Feed(hasher, captured, keep, nullptr, static_cast<uint64_t>(off) - total);
      Feed(hasher, captured, keep, buf, len);
      total = next;
    }
    // A sparse file may end in a hole.
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
        static_cast<uint64_t>(archive_entry_size(e)) > total) {
      Feed(hasher, captured, keep, nullptr, static_cast<uint64_t>(archive_entry_size(e)) - total);
      total = static_cast<uint64_t>(archive_entry_size(e));
    }
    node.size = total;
    node.sha256 = hasher.Finish();
    if (keep > 0) {
      if (strict && total > keep) {
        return Error(Errc::kTooLarge, path + " is " + std::to_string(total) +
                                          " bytes, over the limit of " + std::to_string(keep));
      }
      counters_.captured += captured.size();
      if (counters_.captured > kMaxCapturedBytes) {
        return Error(Errc::kTooLarge, "package metadata in the image exceeds " +
                                          std::to_string(kMaxCapturedBytes) + " bytes");
      }
      node.captured = std::make_shared<const std::string>(std::move(captured));
    }
    return OkStatus();
  }

  Status Account(const std::string& path, uint64_t bytes) {
    counters_.content += bytes;
    if (counters_.content > kMaxImageContentBytes) {
      return Error(Errc::kTooLarge, path + ": the image's files exceed " +
                                        std::to_string(kMaxImageContentBytes >> 30) + " GiB");
    }
    return OkStatus();
  }

  LayerTree& tree_;
  ScanCounters& counters_;
  int layer_;
};

}  // namespace

Result<ImageInventory> ScanImage(OpenedImage& image) {
  LayerTree tree;
  ImageInventory inv;
  ScanCounters counters;
  const auto& layers = image.layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    const oci::Descriptor& d = layers[i];
    std::string label = "layer " + std::to_string(i + 1) + "/" + std::to_string(layers.size());
    if (!IsTarLayer(d.media_type)) {
      return Error(Errc::kUnsupported, label + " " + d.digest.ToString() + " has media type '" +
                                           d.media_type + "', not a tar layer");
    }
    AFS_ASSIGN_OR_RETURN(auto reader, image.OpenBlob(d, label));
    LayerApplier applier(tree, counters, static_cast<int>(i));
    Status s = applier.Apply(*reader);
    if (!s.ok()) return s.error().Context("scan image " + image.target().ToString());
  }
  inv.whiteouts = counters.whiteouts;
  AFS_TRY(DeriveInventory(tree, inv));
  return inv;
}

}  // namespace attestfs::image

// PushModel: layer body sources (raw files, planned tar streams) and the upload sequence.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "base/regular_file.h"
#include "base/unique_fd.h"
#include "oci/early_uploads.h"
#include "oci/media_types.h"
#include "oci/model_transfer.h"
#include "oci/transfer_pool.h"

namespace attestfs::oci {
namespace {

// Reads a planned tar stream: literals from memory, member bytes from their files (one file
// open at a time: layers may pack thousands of files). Used by one upload at a time.
struct TarReader {
  std::string root;
  const ModelLayer* layer = nullptr;
  long open_member = -1;
  UniqueFd fd;

  Result<size_t> ReadAt(uint64_t off, char* buf, size_t n) {
    const auto& segs = layer->tar.segments;
    auto it = std::upper_bound(segs.begin(), segs.end(), off,
                               [](uint64_t o, const TarSegment& s) { return o < s.offset; });
    if (it == segs.begin()) return Error(Errc::kInternal, "tar offset before first segment");
    const TarSegment& s = *(it - 1);
    uint64_t in = off - s.offset;
    if (in >= s.length) return Error(Errc::kInternal, "tar offset past segment");
    size_t k = static_cast<size_t>(std::min<uint64_t>(n, s.length - in));
    if (s.member < 0) {
      std::memcpy(buf, s.literal.data() + in, k);
      return k;
    }
    if (open_member != s.member) {
      std::string path = root + "/" + layer->paths[static_cast<size_t>(s.member)];
      AFS_ASSIGN_OR_RETURN(fd, OpenRegularFile(path, path, nullptr, FinalSymlink::kFollow));
      open_member = s.member;
    }
    ssize_t got = ::pread(fd.get(), buf, k, static_cast<off_t>(in));
    if (got < 0) return ErrnoError("read " + layer->paths[static_cast<size_t>(s.member)], errno);
    if (got == 0) return Error(Errc::kIo, layer->paths[static_cast<size_t>(s.member)] + " shrank");
    return static_cast<size_t>(got);
  }
};

// A raw layer uploaded while it was hashed: finish that upload with the digest now known.
// Returns nullopt when there is no finished early upload (the caller uploads as usual).
std::optional<Status> FinishEarlyUpload(RegistryClient& client, const Reference& ref,
                                        const ModelLayer& layer, EarlyUploads& early) {
  const std::string& path = layer.paths.at(0);
  auto existing = client.BlobSize(ref, layer.descriptor.digest);
  if (existing.ok() && *existing) {
    early.Cancel(path);  // content-addressed: the registry has these bytes already
    return OkStatus();
  }
  std::optional<std::string> location = early.Take(path);
  if (!location) return std::nullopt;
  Status done = client.FinishUpload(ref, layer.descriptor, *location);
  if (done.ok()) return done;
  if (done.error().code() == Errc::kVerificationFailed) {
    // The registry's digest of the bytes it received is not the scan's: the file changed.
    return done.error().Context(path + " changed while it was uploaded");
  }
  return std::nullopt;  // anything else: upload it again the ordinary way
}

Status PushLayer(RegistryClient& client, const Reference& ref, const ModelArtifact& art,
                 const ModelLayer& layer, const std::string& mount_from, EarlyUploads* early) {
  if (layer.tar.segments.empty()) {
    if (early != nullptr) {
      if (std::optional<Status> done = FinishEarlyUpload(client, ref, layer, *early)) return *done;
    }
    std::string path = art.root_dir + "/" + layer.paths.at(0);
    AFS_ASSIGN_OR_RETURN(UniqueFd opened,
                         OpenRegularFile(path, path, nullptr, FinalSymlink::kFollow));
    auto fd = std::make_shared<UniqueFd>(std::move(opened));
    http::BodySource src{static_cast<uint64_t>(layer.descriptor.size),
                         [fd, path](uint64_t off, char* buf, size_t n) -> Result<size_t> {
                           ssize_t k = ::pread(fd->get(), buf, n, static_cast<off_t>(off));
                           if (k < 0) return ErrnoError("read " + path, errno);
                           if (k == 0) return Error(Errc::kIo, path + " shrank while uploading");
                           return static_cast<size_t>(k);
                         }};
    return client.PushBlob(ref, layer.descriptor, src, mount_from);
  }
  auto reader = std::make_shared<TarReader>();
  reader->root = art.root_dir;
  reader->layer = &layer;
  http::BodySource src{layer.tar.total_size, [reader](uint64_t off, char* buf, size_t n) {
                         return reader->ReadAt(off, buf, n);
                       }};
  return client.PushBlob(ref, layer.descriptor, src, mount_from);
}

}  // namespace

Result<PushedModel> PushModel(RegistryClient& client, const std::string& dir,
                              const attestation::FileManifest& files, const Reference& ref,
                              const PushModelOptions& options) {
  const std::string what = "push model " + dir + " to " + ref.ToString();
  auto built = BuildModelArtifact(dir, files, options.build);
  if (!built.ok()) return built.error().Context(what);
  PushedModel out;
  out.artifact = std::move(*built);
  const ModelArtifact& art = out.artifact;
  std::vector<std::function<Status()>> tasks;
  tasks.push_back([&] { return client.PushBlobBytes(ref, art.config, art.config_bytes); });
  for (const ModelLayer& layer : art.layers) {
    tasks.push_back(
        [&] { return PushLayer(client, ref, art, layer, options.mount_from, options.early); });
  }
  Status st = RunParallel(tasks, client.options().parallel_transfers);
  if (!st.ok()) return st.error().Context(what);
  Reference target = ref.tag.empty() ? ref.WithDigest(art.manifest.digest) : ref;
  auto pushed = client.PushManifest(target, art.manifest_bytes, kOciManifest);
  if (!pushed.ok()) return pushed.error().Context(what);
  out.manifest = pushed->descriptor;
  return out;
}

}  // namespace attestfs::oci

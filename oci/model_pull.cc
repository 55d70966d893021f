// PullModel: verified download into a temp dir next to dest, safe tar extraction, commit by
// rename. LoadModelLayout: manifest + config -> file layout.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/file_io.h"
#include "base/mutex.h"
#include "base/unique_fd.h"
#include "oci/media_types.h"
#include "oci/model_layout.h"
#include "oci/model_transfer.h"
#include "oci/packed_layer_check.h"
#include "oci/tar_layout.h"
#include "oci/transfer_pool.h"

namespace attestfs::oci {
namespace {

namespace fs = std::filesystem;

constexpr size_t kCopyBuffer = 1u << 20;

// Removes a directory tree unless committed. `lock` holds an flock on the directory for as
// long as the pull runs: a temporary tree whose lock can be taken belongs to a pull that died
// (kill -9, power loss) and is swept by the next pull to the same destination.
struct TempTree {
  std::string path;
  bool committed = false;
  UniqueFd lock;
  ~TempTree() {
    if (!committed && !path.empty()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

// A stale temporary tree younger than this is left alone (its pull may not have locked it yet).
constexpr int kStaleTempMinAgeSeconds = 2;

// Removes `.NAME.attestfs-pull-*` trees next to dest whose pull is gone (flock free).
void SweepStaleTemps(const std::string& parent, const std::string& prefix) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    UniqueFd fd(::open(it->path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st;
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) continue;
    if (st.st_mtime > ::time(nullptr) - kStaleTempMinAgeSeconds) continue;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // a live pull holds it
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

// Paths written so far, by the layer tasks running in parallel (and the loop that makes them).
class SeenPaths {
 public:
  // False when `path` was seen already.
  bool Insert(const std::string& path) AFS_EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return paths_.insert(path).second;
  }

 private:
  Mutex mu_;
  std::set<std::string> paths_ AFS_GUARDED_BY(mu_);
};

// Only ModelPack's packed layers are unpacked; any other layer (oras file layers are typed
// ...image.layer.v1.tar even for plain files) is a single file named by its annotations.
bool IsTarLayer(const std::string& mt) {
  return mt.rfind(kModelLayerPrefix, 0) == 0 && mt.size() > 4 && mt.substr(mt.size() - 4) == ".tar";
}

std::string LayerPath(const Descriptor& l) {
  std::string p = l.Annotation(std::string(kAnnotationModelFilepath));
  return p.empty() ? l.Annotation(std::string(kAnnotationTitle)) : p;
}

bool MetadataSaysExecutable(const Descriptor& l) {
  std::string meta = l.Annotation(std::string(kAnnotationModelFileMetadata));
  size_t p = meta.find("\"mode\":");
  if (p == std::string::npos) return false;
  long mode = std::strtol(meta.c_str() + p + 7, nullptr, 10);
  return (mode & 0111) != 0;
}

// Creates parent directories of `rel` under `root` (mkdir -p); `rel` was validated already.
Status MakeParents(const std::string& root, const std::string& rel) {
  size_t slash = rel.rfind('/');
  if (slash == std::string::npos) return OkStatus();
  return MakeDirs(root + "/" + rel.substr(0, slash), 0755);
}

// `layout` (model artifacts): CheckPackedLayer first — only what the file list places in this
// layer is extracted, anything else fails the pull naming it. nullptr (plain tar layers): all.
Status ExtractTar(const std::string& tar_path, const std::string& root, SeenPaths& seen,
                  const digest::Digest& layer, const ModelLayout* layout) {
  UniqueFd fd(::open(tar_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open " + tar_path, errno);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoError("stat " + tar_path, errno);
  if (layout != nullptr)
    AFS_TRY(CheckPackedLayer(fd.get(), static_cast<uint64_t>(st.st_size), *layout, layer));
  std::string buf(kCopyBuffer, '\0');
  return ScanTar(
      fd.get(), static_cast<uint64_t>(st.st_size),
      [&](const std::string& path, bool is_dir, unsigned mode, uint64_t off,
          uint64_t size) -> Status {
        AFS_TRY(attestation::ValidateRelativePath(path));
        if (is_dir) return MakeDirs(root + "/" + path, 0755);
        if (!seen.Insert(path)) {
          return Error(Errc::kMalformed, "file '" + path + "' appears twice");
        }
        AFS_TRY(MakeParents(root, path));
        std::string out = root + "/" + path;
        UniqueFd o(::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          (mode & 0111) ? 0755 : 0644));
        if (!o.valid()) return ErrnoError("create " + out, errno);
        for (uint64_t done = 0; done < size;) {
          size_t n = static_cast<size_t>(std::min<uint64_t>(buf.size(), size - done));
          ssize_t k = ::pread(fd.get(), buf.data(), n, static_cast<off_t>(off + done));
          if (k <= 0) return ErrnoError("read " + tar_path, k < 0 ? errno : EIO);
          for (ssize_t w = 0; w < k;) {
            ssize_t x = ::write(o.get(), buf.data() + w, static_cast<size_t>(k - w));
            if (x < 0) return ErrnoError("write " + out, errno);
            w += x;
          }
          done += static_cast<uint64_t>(k);
        }
        if (::fsync(o.get()) != 0) return ErrnoError("fsync " + out, errno);
        return OkStatus();
      });
}

}  // namespace

Result<PulledModel> LoadModelLayout(RegistryClient& client, const Reference& ref) {
  AFS_ASSIGN_OR_RETURN(FetchedManifest fm, client.FetchManifest(ref));
  AFS_ASSIGN_OR_RETURN(Manifest m, Manifest::Parse(fm.bytes));
  AFS_ASSIGN_OR_RETURN(std::string config, client.FetchBlob(ref, m.config, kMaxModelConfigBytes));
  AFS_ASSIGN_OR_RETURN(ModelLayout layout, ParseModelLayout(fm.bytes, config));
  return PulledModel{fm.descriptor, std::move(layout)};
}

Result<PulledModel> PullModel(RegistryClient& client, const Reference& ref,
                              const std::string& dest_in, const PullModelOptions& options) {
  const std::string what = "pull " + ref.ToString();
  std::string dest = dest_in;
  while (dest.size() > 1 && dest.back() == '/') dest.pop_back();
  std::error_code ec;
  if (fs::exists(dest, ec) && !(fs::is_directory(dest, ec) && fs::is_empty(dest, ec))) {
    return Error(Errc::kInvalidArgument,
                 what + ": " + dest + " exists and is not an empty directory");
  }
  auto fetched = client.FetchManifest(ref);
  if (!fetched.ok()) return fetched.error().Context(what);
  auto parsed = Manifest::Parse(fetched->bytes);
  if (!parsed.ok()) return parsed.error().Context(what);
  const Manifest& m = *parsed;
  const bool model = IsModelManifest(fetched->bytes);
  if (!options.allow_non_model && !model) {
    return Error(Errc::kUnsupported, what + ": not a ModelPack model artifact (artifactType '" +
                                         m.EffectiveArtifactType() + "')");
  }
  // Digest-pinned from here on: every blob is fetched by the digest in this verified manifest.
  Reference pinned = ref.WithDigest(fetched->descriptor.digest);
  auto config = client.FetchBlob(pinned, m.config, kMaxModelConfigBytes);
  if (!config.ok()) return config.error().Context(what);
  ModelLayout layout;
  if (model) {
    auto l = ParseModelLayout(fetched->bytes, *config);
    if (!l.ok()) return l.error().Context(what);
    layout = std::move(*l);
  }

  fs::path dp(dest);
  std::string parent = dp.has_parent_path() ? dp.parent_path().string() : ".";
  const std::string prefix = "." + dp.filename().string() + ".attestfs-pull-";
  SweepStaleTemps(parent, prefix);
  std::string tmpl = parent + "/" + prefix + "XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr)
    return ErrnoError(what + ": create temp dir in " + parent, errno);
  TempTree tmp{tmpl};
  tmp.lock = UniqueFd(::open(tmpl.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!tmp.lock.valid() || ::flock(tmp.lock.get(), LOCK_EX) != 0)
    return ErrnoError(what + ": lock " + tmpl, errno);
  std::string blobs_dir = tmp.path + "/.attestfs-layers";
  AFS_TRY(MakeDirs(blobs_dir, 0700));

  // Large layers share the workers as parallel Range streams: one 2 GiB file gets them all,
  // four shards one each (their layers already run in parallel).
  const int workers = client.options().parallel_transfers;
  int large = 0;
  for (const Descriptor& l : m.layers) {
    if (l.size > 0 && static_cast<uint64_t>(l.size) >= client.options().parallel_range_threshold)
      ++large;
  }
  const int streams = std::max(1, workers / std::max(1, large));

  SeenPaths seen;
  std::vector<std::function<Status()>> tasks;
  for (const Descriptor& l : m.layers) {
    if (IsTarLayer(l.media_type)) {
      tasks.push_back([&, l]() -> Status {
        std::string blob = blobs_dir + "/" + l.digest.Hex();
        AFS_TRY(client.FetchBlobToFile(pinned, l, blob, streams));
        AFS_TRY(ExtractTar(blob, tmp.path, seen, l.digest, model ? &layout : nullptr));
        ::unlink(blob.c_str());
        return OkStatus();
      });
      continue;
    }
    std::string path = LayerPath(l);
    if (path.empty())
      return Error(Errc::kMalformed, what + ": layer " + l.digest.ToString() + " has no file path");
    auto valid = attestation::ValidateRelativePath(path);
    if (!valid.ok()) return valid.error().Context(what + ": layer " + l.digest.ToString());
    if (model) {
      // ParseModelLayout accounted for every layer; a raw file goes only where the list says.
      auto at = layout.find(path);
      if (at == layout.end() || at->second.packed || at->second.layer != l.digest) {
        return Error(Errc::kVerificationFailed,
                     what + ": layer " + l.digest.ToString() + " ('" + path +
                         "') is not a file of the model's file list: not covered by the evidence");
      }
    }
    if (path == ".attestfs-layers" || path.rfind(".attestfs-layers/", 0) == 0) {
      return Error(Errc::kUnsafePath, what + ": reserved path " + path);
    }
    if (!seen.Insert(path)) return Error(Errc::kMalformed, what + ": '" + path + "' appears twice");
    bool exec = MetadataSaysExecutable(l);
    tasks.push_back([&, l, path, exec]() -> Status {
      AFS_TRY(MakeParents(tmp.path, path));
      std::string out = tmp.path + "/" + path;
      AFS_TRY(client.FetchBlobToFile(pinned, l, out, streams));
      if (exec) ::chmod(out.c_str(), 0755);
      return OkStatus();
    });
  }
  Status st = RunParallel(tasks, workers);
  if (!st.ok()) return st.error().Context(what);
  fs::remove_all(blobs_dir, ec);
  // A path that resolved through a directory created by another entry must stay inside tmp.
  for (auto it = fs::recursive_directory_iterator(tmp.path, ec);
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_symlink())
      return Error(Errc::kUnsafePath, what + ": unexpected symlink " + it->path().string());
  }
  if (options.before_commit) {
    Status v = options.before_commit(tmp.path, fetched->descriptor, m);
    if (!v.ok()) return v.error().Context(what);
  }
  ::chmod(tmp.path.c_str(), 0755);                 // mkdtemp made it 0700
  if (fs::exists(dest, ec)) fs::remove(dest, ec);  // the empty directory checked above
  if (::rename(tmp.path.c_str(), dest.c_str()) != 0)
    return ErrnoError(what + ": rename into " + dest, errno);
  tmp.committed = true;
  return PulledModel{fetched->descriptor, std::move(layout)};
}

}  // namespace attestfs::oci

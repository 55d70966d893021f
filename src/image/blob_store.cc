// The three BlobStore implementations: layout directory, archive file map, registry download.
#include "image/blob_store.h"

#include <sys/stat.h>

#include <atomic>
#include <cerrno>

#include "oci/registry_client.h"

namespace attestfs::image {
namespace {

Status CheckFile(const std::string& path, const oci::Descriptor& d) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return Error(Errc::kNotFound, "blob " + d.digest.ToString() + " is missing (" + path + ")");
    return ErrnoError("stat " + path, errno);
  }
  if (!S_ISREG(st.st_mode))
    return Error(Errc::kUnsafePath, "blob " + d.digest.ToString() + " is not a regular file");
  if (st.st_size != d.size) {
    return Error(Errc::kVerificationFailed,
                 "blob " + d.digest.ToString() + " has " + std::to_string(st.st_size) +
                     " bytes, its descriptor says " + std::to_string(d.size));
  }
  return OkStatus();
}

class LayoutStore final : public BlobStore {
 public:
  explicit LayoutStore(std::string dir) : dir_(std::move(dir)) {}
  Result<LocalBlob> Locate(const oci::Descriptor& d) override {
    return LocalBlob{dir_ + "/blobs/sha256/" + d.digest.Hex(), false};
  }
  Status CheckPresent(const oci::Descriptor& d) override {
    return CheckFile(dir_ + "/blobs/sha256/" + d.digest.Hex(), d);
  }

 private:
  std::string dir_;
};

class FileMapStore final : public BlobStore {
 public:
  explicit FileMapStore(std::map<digest::Digest, std::string> files) : files_(std::move(files)) {}
  Result<LocalBlob> Locate(const oci::Descriptor& d) override {
    auto it = files_.find(d.digest);
    if (it == files_.end())
      return Error(Errc::kNotFound, "blob " + d.digest.ToString() + " is not in the archive");
    return LocalBlob{it->second, false};
  }
  Status CheckPresent(const oci::Descriptor& d) override {
    AFS_ASSIGN_OR_RETURN(LocalBlob b, Locate(d));
    return CheckFile(b.path, d);
  }

 private:
  std::map<digest::Digest, std::string> files_;
};

class RegistryStore final : public BlobStore {
 public:
  RegistryStore(oci::RegistryClient* client, oci::Reference repo, std::string temp_dir)
      : client_(client), repo_(std::move(repo)), temp_dir_(std::move(temp_dir)) {}
  Result<LocalBlob> Locate(const oci::Descriptor& d) override {
    std::string path =
        temp_dir_ + "/blob-" + std::to_string(counter_.fetch_add(1)) + "-" + d.digest.Hex();
    Status s = client_->FetchBlobToFile(repo_, d, path);
    if (!s.ok()) return s.error().Context("download blob " + d.digest.ToString());
    return LocalBlob{path, true};
  }
  Status CheckPresent(const oci::Descriptor&) override { return OkStatus(); }
  bool IsRemote() const override { return true; }

 private:
  oci::RegistryClient* client_;
  oci::Reference repo_;
  std::string temp_dir_;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace

std::unique_ptr<BlobStore> MakeLayoutStore(std::string dir) {
  return std::make_unique<LayoutStore>(std::move(dir));
}
std::unique_ptr<BlobStore> MakeFileMapStore(std::map<digest::Digest, std::string> files) {
  return std::make_unique<FileMapStore>(std::move(files));
}
std::unique_ptr<BlobStore> MakeRegistryStore(oci::RegistryClient* client, oci::Reference repo,
                                             std::string temp_dir) {
  return std::make_unique<RegistryStore>(client, std::move(repo), std::move(temp_dir));
}

}  // namespace attestfs::image

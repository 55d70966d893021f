// DiskChunkCache implementation: layout DIR/sha256/<2 hex>/<64 hex>, files 0600.
#include "content/disk_chunk_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "attestation/file_manifest.h"
#include "base/file_io.h"
#include "digest/sha256_hasher.h"

namespace attestfs::content {

Result<std::unique_ptr<DiskChunkCache>> DiskChunkCache::Open(const std::string& dir) {
  if (dir.empty()) return Error(Errc::kInvalidArgument, "cache directory: empty path");
  AFS_TRY(MakeDirs(dir, 0700));
  if (auto st = CheckPrivateDirectory(dir); !st.ok()) return st.error().Context("chunk cache");
  return std::unique_ptr<DiskChunkCache>(new DiskChunkCache(dir));
}

std::string DiskChunkCache::EntryPath(const digest::Digest& chunk) const {
  std::string hex = chunk.Hex();
  return dir_ + "/sha256/" + hex.substr(0, 2) + "/" + hex;
}

std::optional<std::string> DiskChunkCache::Get(const digest::Digest& chunk,
                                               uint64_t expected_size) {
  std::string path = EntryPath(chunk);
  auto data = ReadFileLimited(path, attestation::kMaxChunkSize);
  if (!data.ok()) return std::nullopt;
  if (data->size() != expected_size || digest::Sha256(*data) != chunk) {
    ::unlink(path.c_str());  // corrupted: drop it so it is refetched and rewritten
    return std::nullopt;
  }
  return std::move(data).value();
}

Status DiskChunkCache::Put(const digest::Digest& chunk, std::string_view verified_bytes) {
  std::string path = EntryPath(chunk);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 &&
      static_cast<uint64_t>(st.st_size) == verified_bytes.size()) {
    return OkStatus();
  }
  std::string parent = path.substr(0, path.rfind('/'));
  AFS_TRY(MakeDirs(parent, 0700));
  return WriteFileAtomic(path, verified_bytes, 0600);
}

}  // namespace attestfs::content

// AttestFs: the semantics of the verifying filesystem, with no FUSE headers. It shows exactly
// the files of a verified FileManifest (directories synthesized, stable inode numbers), read-only,
// and serves reads through content::VerifiedReader so only verified bytes are returned. Every
// operation returns Result<T>; fuse_ops.cc only unpacks requests, calls this and replies
// (errno from fuse/errno_map.h). Thread-safe: the tree is immutable, the reader is concurrent.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "content/blob_source.h"
#include "content/verified_reader.h"
#include "fuse/access_trace.h"
#include "fuse/inode_table.h"

namespace attestfs::fs {

struct AttestFsOptions {
  uint32_t uid = 0;  // owner shown for every node
  uint32_t gid = 0;
  int64_t mtime = 0;                      // one timestamp for every node (content is immutable)
  content::VerifiedReaderOptions reader;  // chunk_size is taken from the manifest
  std::shared_ptr<AccessTrace> trace;     // optional `-o trace=`
  content::LogSink log;                   // verification failures, dropped symlinks
};

struct Attr {
  uint64_t ino = 0;
  uint32_t mode = 0;  // S_IF* | permission bits
  uint32_t nlink = 1;
  uint64_t size = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  int64_t mtime = 0;
};

struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  uint32_t mode = 0;
};

// Who asked (from the FUSE request header).
struct RequestContext {
  int pid = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
};

// Read requests that reached the filesystem (a warm read served by the kernel page cache adds
// nothing here).
struct ReadCounters {
  uint64_t requests = 0;
  uint64_t bytes = 0;
};

struct FsTotals {
  uint64_t files = 0;
  uint64_t bytes = 0;
};

class AttestFs {
 public:
  static Result<std::unique_ptr<AttestFs>> Create(attestation::FileManifest manifest,
                                                  std::shared_ptr<content::BlobSource> source,
                                                  AttestFsOptions options);

  Result<Attr> Lookup(uint64_t parent, const std::string& name) const;
  Result<Attr> GetAttr(uint64_t ino) const;
  Result<std::vector<DirEntry>> ReadDir(uint64_t ino) const;  // without "." and ".."
  Status OpenDir(uint64_t ino) const;
  // Read-only opens only (write access, O_TRUNC, O_CREAT -> kPermission = EROFS). Traced.
  // Returns a handle id (unique per open) naming the read stream for read-ahead detection.
  Result<uint64_t> Open(uint64_t ino, int flags, const RequestContext& ctx);
  // Verified bytes [offset, offset+size) clipped at the file size. Traced. Content failures are
  // kVerificationFailed or kIo (both EIO), never kNotFound/kPermission.
  Result<std::string> Read(uint64_t ino, uint64_t offset, uint64_t size, const RequestContext& ctx,
                           uint64_t handle = 0);
  // Same as Read without copying: views into verified chunks (FUSE replies with them directly).
  Result<content::VerifiedSlices> ReadSlices(uint64_t ino, uint64_t offset, uint64_t size,
                                             const RequestContext& ctx, uint64_t handle = 0);
  // Closes a handle returned by Open (forgets its read-ahead state).
  void Release(uint64_t ino, uint64_t handle);
  Result<std::string> ReadLink(uint64_t ino) const;
  // The attested entry of a regular file's inode (nullptr for anything else).
  const attestation::FileEntry* FileOf(uint64_t ino) const;
  // Every mutating operation (write, create, mkdir, unlink, rename, setattr, setxattr, link...).
  Status Modify(std::string_view operation) const;

  FsTotals totals() const { return totals_; }
  ReadCounters read_counters() const {
    return ReadCounters{read_requests_.load(std::memory_order_relaxed),
                        read_bytes_.load(std::memory_order_relaxed)};
  }
  const content::VerifiedReader& reader() const { return *reader_; }
  const attestation::FileManifest& manifest() const { return *manifest_; }

 private:
  AttestFs() = default;
  Attr AttrOf(const Node& n) const;

  std::unique_ptr<attestation::FileManifest> manifest_;  // nodes and the reader point into it
  InodeTable table_;
  AttestFsOptions options_;
  FsTotals totals_;
  std::atomic<uint64_t> next_handle_{1};
  std::atomic<uint64_t> read_requests_{0};
  std::atomic<uint64_t> read_bytes_{0};
  std::unique_ptr<content::VerifiedReader> reader_;  // after manifest_: destroyed first
};

}  // namespace attestfs::fs

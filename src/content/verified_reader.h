// VerifiedReader: serves byte ranges of attested files, returning ONLY bytes whose chunk matched
// its signed digest (small files: the whole file against FileEntry::sha256; large files: chunk i
// against FileEntry::chunks[i]). Size and digest are checked before any byte is returned or
// cached; a mismatch is kVerificationFailed, logged, and never cached.
// Concurrency: single-flight per chunk (one fetch + one hash however many readers wait), an LRU
// of verified chunks bounded in bytes, an optional verified disk cache (remote sources only),
// and parallel read-ahead where ReadAheadPolicy decides it (remote: adjacent chunks coalesced
// into one ReadRange). Chunk buffers are recycled through a ChunkBufferPool; ReadSlices serves
// views into verified chunks without copying. FileEntry objects passed to Read must outlive the
// reader.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attestation/file_manifest.h"
#include "base/mutex.h"
#include "base/result.h"
#include "content/backing_file_cache.h"
#include "content/blob_source.h"
#include "content/chunk_buffer_pool.h"
#include "content/chunk_lru.h"
#include "content/disk_chunk_cache.h"
#include "content/fetch_pool.h"
#include "content/read_ahead_policy.h"

namespace attestfs::content {

// Receives one human-readable line per security-relevant event (verification failures).
using LogSink = std::function<void(std::string_view line)>;

struct VerifiedReaderOptions {
  uint64_t chunk_size = attestation::kDefaultChunkSize;  // the manifest's chunk size
  uint64_t memory_budget_bytes = 128ull << 20;           // LRU of verified chunks
  size_t fetch_threads = 4;                              // local sources: at most one per core
  size_t read_ahead_chunks = 4;  // chunks prefetched past a sequential read (0 = off)
  // Remote sources: read-ahead starts only once one sequential run covered this many bytes, so a
  // bounded range read (a safetensors tensor) fetches just its own chunks; a whole-file load
  // still gets parallel read-ahead after the first few chunks. 0 = same rule as local sources.
  uint64_t remote_read_ahead_after_bytes = 32ull << 20;
  // Local sources: the same rule, off by default. The FUSE mount sets it just above two chunks,
  // more than one mmap page fault's read-around (the kernel reads read_ahead_kb = 4 MiB around
  // a fault in consecutive 1 MiB requests, which look sequential), so random faults over a
  // mapped file do not each read chunks ahead.
  uint64_t local_read_ahead_after_bytes = 0;
  size_t max_coalesced_chunks = 8;             // remote sources: chunks per ReadRange
  std::chrono::milliseconds fetch_timeout{0};  // a read waiting longer fails (0 = wait forever)
  std::shared_ptr<DiskChunkCache> disk_cache;  // used only when the source IsRemote()
  LogSink log;
  // Drop a chunk from memory once every one of its bytes has been served: for a caller that
  // caches what it is served (the FUSE mount with keep_cache: the kernel page cache holds those
  // pages). Keeps the daemon's RSS near the read-ahead window on sequential reads; for a local
  // source it also caps the LRU at max(32 MiB, read-ahead window + 4 chunks).
  bool release_served_chunks = false;
  // Private copies of fully verified files (FUSE passthrough). Remote sources: every chunk that
  // verifies is also written there by the fetch thread that verified it. Local sources: chunks
  // are only noted as verified, and once a whole file has been, the cache's low-priority filler
  // reads and verifies it again into the copy (FetchVerifiedChunk). Null = no copies.
  std::shared_ptr<BackingFileCache> backing_files;
};

// `length` verified bytes at `offset` within a verified chunk, which `chunk` keeps alive.
struct VerifiedSlice {
  ChunkBytes chunk;
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string_view view() const { return std::string_view(*chunk).substr(offset, length); }
};
using VerifiedSlices = std::vector<VerifiedSlice>;

struct ReaderStats {
  uint64_t source_reads = 0;     // ReadRange calls
  uint64_t source_bytes = 0;     // bytes returned by the source
  uint64_t chunks_verified = 0;  // chunks hashed and matched
  uint64_t verification_failures = 0;
  uint64_t memory_hits = 0;
  uint64_t disk_hits = 0;
  uint64_t joined_flights = 0;     // waits on a fetch another reader started
  uint64_t read_ahead_chunks = 0;  // chunks scheduled by read-ahead
  uint64_t chunks_released = 0;    // dropped from memory once fully served
};

class VerifiedReader {
 public:
  VerifiedReader(std::shared_ptr<BlobSource> source, VerifiedReaderOptions options);
  ~VerifiedReader();  // waits for in-flight fetches
  VerifiedReader(const VerifiedReader&) = delete;
  VerifiedReader& operator=(const VerifiedReader&) = delete;

  // Bytes [offset, offset+length) of `file`, clipped at its size. Errors: kVerificationFailed
  // (path, chunk, expected and actual digest in the message), kNetwork on a fetch timeout, or
  // the source's error.
  // `stream` names the reader (e.g. one open file handle) for sequential-access detection;
  // 0 = one stream per file.
  Result<std::string> Read(const attestation::FileEntry& file, uint64_t offset, uint64_t length,
                           uint64_t stream = 0);
  // Same as Read, without copying: the verified pieces of the range, in order, each a view into
  // a verified chunk (one slice per chunk touched; empty past the end of the file).
  Result<VerifiedSlices> ReadSlices(const attestation::FileEntry& file, uint64_t offset,
                                    uint64_t length, uint64_t stream = 0);
  // Forgets the sequential-access state of a stream (call when a handle is closed).
  void EndStream(const attestation::FileEntry& file, uint64_t stream);
  // Ends the source's in-flight and later fetches (BlobSource::Cancel): the mount is going away.
  void CancelSource() const { source_->Cancel(); }

  // Chunk `index` of `file` read from the source and verified on the calling thread, outside
  // the caches and the single-flight map (the BackingFileCache filler's source).
  Result<std::string> FetchVerifiedChunk(const attestation::FileEntry& file, uint64_t index);

  ReaderStats stats() const;
  uint64_t chunk_size() const { return options_.chunk_size; }
  size_t fetch_threads() const { return fetch_threads_; }

 private:
  using ChunkResult = Result<ChunkBytes>;
  struct ChunkSpec {
    uint64_t index = 0;
    uint64_t offset = 0;
    uint64_t length = 0;
    digest::Digest expected;
  };
  Result<ChunkSpec> Spec(const attestation::FileEntry& file, uint64_t index) const;
  // Starts (or joins) fetches for chunks [first, last]; returns one future per chunk (demand).
  // Read-ahead skips chunks released once served, so its (unused) result may be shorter.
  std::vector<std::shared_future<ChunkResult>> Acquire(const attestation::FileEntry& file,
                                                       uint64_t first, uint64_t last,
                                                       FetchPool::Priority priority);
  void FetchRun(const attestation::FileEntry* file, std::vector<ChunkSpec> run);
  ChunkResult Verify(const attestation::FileEntry& file, const ChunkSpec& spec, std::string bytes);
  void Complete(const attestation::FileEntry& file, const ChunkSpec& spec, ChunkResult result);
  void ReleaseServed(const attestation::FileEntry& file, uint64_t first,
                     const VerifiedSlices& slices);
  void MaybeReadAhead(const attestation::FileEntry& file, uint64_t stream, uint64_t offset,
                      uint64_t end);

  // source_, options_, remote_ and (below) buffers_, fetch_threads_: set by the constructor,
  // read-only afterwards, read without mu_.
  std::shared_ptr<BlobSource> source_;
  VerifiedReaderOptions options_;
  bool remote_;

  mutable Mutex mu_;
  ChunkLru lru_ AFS_GUARDED_BY(mu_);
  std::map<digest::Digest, std::pair<std::promise<ChunkResult>, std::shared_future<ChunkResult>>>
      in_flight_ AFS_GUARDED_BY(mu_);
  // Which chunks to fetch ahead, per (file, stream).
  ReadAheadPolicy read_ahead_ AFS_GUARDED_BY(mu_);
  // Chunks released once served (bounded), and their insertion order, oldest first.
  std::set<digest::Digest> released_ AFS_GUARDED_BY(mu_);
  std::deque<digest::Digest> released_order_ AFS_GUARDED_BY(mu_);
  ReaderStats stats_ AFS_GUARDED_BY(mu_);
  std::shared_ptr<ChunkBufferPool> buffers_;
  size_t fetch_threads_;

  FetchPool pool_;  // last member: destroyed (joined) first, while the rest is still alive
};

}  // namespace attestfs::content

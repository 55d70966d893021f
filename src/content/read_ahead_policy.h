// ReadAheadPolicy: decides, from the sequence of reads of each (file, stream), which chunks to
// fetch ahead of the reader. A stream is sequential once its reads keep starting near where the
// previous ones ended; then the chunks after the one just read are fetched ahead, up to a
// window. Random access never reads ahead, and (remote sources) a run must first cover a minimum
// number of bytes, so a bounded range read fetches only its own chunks.
// It only decides: no threads, no I/O, no fetching (VerifiedReader does that) and no lock — the
// caller serializes calls (VerifiedReader holds its mutex).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "attestation/file_manifest.h"

namespace attestfs::content {

struct ReadAheadOptions {
  uint64_t chunk_size = attestation::kDefaultChunkSize;  // the manifest's chunk size (not 0)
  size_t window_chunks = 4;  // chunks fetched past a sequential read (0 = never read ahead)
  // A sequential run must have covered this many bytes before read-ahead starts (0 = at once).
  uint64_t min_run_bytes = 0;
};

// Chunks [first, last] (inclusive) of one file.
struct ChunkRange {
  uint64_t first = 0;
  uint64_t last = 0;
  bool operator==(const ChunkRange&) const = default;
};

class ReadAheadPolicy {
 public:
  // Reads whose start lies within this distance (capped at one chunk) of where the stream's
  // previous reads ended count as sequential (the kernel issues read-ahead requests slightly out
  // of order).
  static constexpr uint64_t kMaxSequentialWindow = 2ull << 20;
  // Read-ahead starts once a stream has made this many sequential reads in a row.
  static constexpr int kSequentialReadsBeforeReadAhead = 2;

  explicit ReadAheadPolicy(ReadAheadOptions options) : options_(options) {}

  // Records that `stream` read [offset, end) of `file` (end > offset, clipped at the file's
  // size) and returns the chunks to fetch ahead, if any. Files of one chunk are not tracked.
  // `file` identifies the file by address, as in VerifiedReader.
  std::optional<ChunkRange> OnRead(const attestation::FileEntry& file, uint64_t stream,
                                   uint64_t offset, uint64_t end);
  // Forgets a stream (its handle was closed).
  void EndStream(const attestation::FileEntry& file, uint64_t stream);

  size_t stream_count() const { return streams_.size(); }
  const ReadAheadOptions& options() const { return options_; }

 private:
  struct Stream {  // per-(file, stream) sequential-access detector
    uint64_t next_offset = 0;
    uint64_t run_start = 0;  // where the current sequential run began
    int sequential_reads = 0;
  };

  ReadAheadOptions options_;
  std::map<std::pair<const attestation::FileEntry*, uint64_t>, Stream> streams_;
};

}  // namespace attestfs::content

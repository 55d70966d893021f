// ReadAheadPolicy: the sequential-access detector and the read-ahead window.
#include "content/read_ahead_policy.h"

#include <algorithm>

namespace attestfs::content {

std::optional<ChunkRange> ReadAheadPolicy::OnRead(const attestation::FileEntry& file,
                                                  uint64_t stream, uint64_t offset, uint64_t end) {
  const uint64_t cs = options_.chunk_size;
  if (options_.window_chunks == 0 || file.size <= cs) return std::nullopt;
  Stream& s = streams_[{&file, stream}];
  const uint64_t window = std::min(kMaxSequentialWindow, cs);
  bool near = offset + window >= s.next_offset && offset <= s.next_offset + window;
  if (near) {
    ++s.sequential_reads;
    s.next_offset = std::max(s.next_offset, end);
    s.run_start = std::min(s.run_start, offset);
  } else {
    s.sequential_reads = 0;
    s.next_offset = end;
    s.run_start = offset;
  }
  if (s.sequential_reads < kSequentialReadsBeforeReadAhead) return std::nullopt;
  if (s.next_offset - s.run_start < options_.min_run_bytes) return std::nullopt;
  const uint64_t from = (end - 1) / cs + 1;
  const uint64_t count = file.chunks.size();
  if (from >= count) return std::nullopt;
  return ChunkRange{from, std::min<uint64_t>(count - 1, from + options_.window_chunks - 1)};
}

void ReadAheadPolicy::EndStream(const attestation::FileEntry& file, uint64_t stream) {
  streams_.erase({&file, stream});
}

}  // namespace attestfs::content

// TrimCache: keeps the node-wide verified cache under a size bound. Only verified chunk files
// (CACHE/chunks, the DiskChunkCache every volume's daemon shares) are evicted, least recently used
// first (by modification or access time, whichever is newer); manifests and evidence are small and
// stay. Evicting is always safe: a daemon that wants an evicted chunk fetches and verifies it
// again.
#pragma once

#include <cstdint>
#include <string>

namespace attestfs::csi {

struct TrimResult {
  uint64_t bytes_before = 0;
  uint64_t bytes_after = 0;
  size_t files_removed = 0;
};

TrimResult TrimCache(const std::string& cache_dir, uint64_t max_bytes);

}  // namespace attestfs::csi

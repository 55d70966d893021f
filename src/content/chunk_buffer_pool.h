// ChunkBufferPool: recycles the buffers chunks are read into, so a sequential read cycles through
// a few already-faulted buffers instead of allocating (and zero-filling and page-faulting) a fresh
// multi-MiB buffer per chunk. It holds no verified state: a buffer comes back only once nothing
// references the chunk it held, and Take() hands out buffers whose contents are unspecified.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "content/chunk_lru.h"

namespace attestfs::content {

class ChunkBufferPool : public std::enable_shared_from_this<ChunkBufferPool> {
 public:
  // Buffers smaller than this are not worth recycling (small files, tails).
  static constexpr size_t kMinPooledBytes = 64 << 10;

  // Keeps idle buffers up to `max_idle_bytes` of capacity in total (the rest are freed when
  // returned).
  static std::shared_ptr<ChunkBufferPool> Create(size_t max_idle_bytes);

  // A buffer to read into: a recycled one (size and contents unspecified; resizing it to the
  // size it last had costs nothing) or an empty string.
  std::string Take(size_t want);
  // Wraps (verified) bytes as ChunkBytes whose buffer returns to this pool, if it still exists,
  // when the last reference goes away.
  ChunkBytes Share(std::string bytes);

  size_t idle() const;

 private:
  explicit ChunkBufferPool(size_t max_idle_bytes) : max_idle_bytes_(max_idle_bytes) {}
  void Give(std::string bytes);

  const size_t max_idle_bytes_;
  mutable Mutex mu_;
  std::vector<std::string> idle_ AFS_GUARDED_BY(mu_);
  size_t idle_bytes_ AFS_GUARDED_BY(mu_) = 0;
};

}  // namespace attestfs::content

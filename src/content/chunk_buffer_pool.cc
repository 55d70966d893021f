// ChunkBufferPool implementation: a bounded LIFO stack of idle buffers (the most recently used
// buffer is the one most likely still in the CPU cache and already backed by memory).
#include "content/chunk_buffer_pool.h"

#include <utility>

namespace attestfs::content {

std::shared_ptr<ChunkBufferPool> ChunkBufferPool::Create(size_t max_idle_bytes) {
  return std::shared_ptr<ChunkBufferPool>(new ChunkBufferPool(max_idle_bytes));
}

std::string ChunkBufferPool::Take(size_t want) {
  MutexLock lock(mu_);
  for (size_t i = idle_.size(); i-- > 0;) {
    if (idle_[i].capacity() >= want) {
      std::string out = std::move(idle_[i]);
      idle_bytes_ -= out.capacity();
      idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
      return out;
    }
  }
  return std::string();
}

ChunkBytes ChunkBufferPool::Share(std::string bytes) {
  std::weak_ptr<ChunkBufferPool> weak = weak_from_this();
  return ChunkBytes(new std::string(std::move(bytes)), [weak](const std::string* p) {
    std::string* owned = const_cast<std::string*>(p);  // allocated just above, non-const
    if (auto pool = weak.lock()) pool->Give(std::move(*owned));
    delete owned;
  });
}

void ChunkBufferPool::Give(std::string bytes) {
  if (bytes.capacity() < kMinPooledBytes) return;
  MutexLock lock(mu_);
  if (idle_bytes_ + bytes.capacity() > max_idle_bytes_) return;
  idle_bytes_ += bytes.capacity();
  idle_.push_back(std::move(bytes));
}

size_t ChunkBufferPool::idle() const {
  MutexLock lock(mu_);
  return idle_.size();
}

}  // namespace attestfs::content

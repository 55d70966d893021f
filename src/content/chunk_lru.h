// ChunkLru: an in-memory LRU of VERIFIED chunks keyed by chunk digest, bounded by a byte
// budget so the daemon's RSS stays bounded. Not thread-safe: VerifiedReader locks around it.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>

#include "digest/digest.h"

namespace attestfs::content {

using ChunkBytes = std::shared_ptr<const std::string>;

class ChunkLru {
 public:
  explicit ChunkLru(uint64_t budget_bytes) : budget_(budget_bytes) {}

  // Returns the chunk and marks it most recently used, or nullptr.
  ChunkBytes Get(const digest::Digest& key);
  // Inserts (or refreshes) a chunk, evicting least recently used ones over the budget.
  // A chunk larger than the whole budget is not kept.
  void Put(const digest::Digest& key, ChunkBytes bytes);
  // Counts `n` more bytes of the chunk as served; once as many bytes as the chunk holds have
  // been served, drops it (the consumer, e.g. the kernel page cache, keeps them). Returns true
  // when the chunk was dropped; an absent chunk is ignored.
  bool MarkServed(const digest::Digest& key, uint64_t n);

  uint64_t bytes() const { return bytes_; }
  size_t size() const { return index_.size(); }

 private:
  struct Entry {
    digest::Digest key;
    ChunkBytes bytes;
    uint64_t served = 0;
  };
  uint64_t budget_;
  uint64_t bytes_ = 0;
  std::list<Entry> order_;  // front = most recently used
  std::map<digest::Digest, std::list<Entry>::iterator> index_;
};

}  // namespace attestfs::content

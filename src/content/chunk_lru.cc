// ChunkLru implementation: list for recency, map for lookup.
#include "content/chunk_lru.h"

namespace attestfs::content {

ChunkBytes ChunkLru::Get(const digest::Digest& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->bytes;
}

void ChunkLru::Put(const digest::Digest& key, ChunkBytes bytes) {
  if (!bytes || bytes->size() > budget_) return;
  auto it = index_.find(key);
  if (it != index_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return;  // same digest, same bytes
  }
  bytes_ += bytes->size();
  order_.push_front(Entry{key, std::move(bytes)});
  index_[key] = order_.begin();
  while (bytes_ > budget_ && !order_.empty()) {
    Entry& last = order_.back();
    bytes_ -= last.bytes->size();
    index_.erase(last.key);
    order_.pop_back();
  }
}

bool ChunkLru::MarkServed(const digest::Digest& key, uint64_t n) {
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  Entry& e = *it->second;
  e.served += n;
  if (e.served < e.bytes->size()) return false;
  bytes_ -= e.bytes->size();
  order_.erase(it->second);
  index_.erase(it);
  return true;
}

}  // namespace attestfs::content

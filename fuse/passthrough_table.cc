// PassthroughTable: per-inode open accounting for passthrough decisions.
#include "fuse/passthrough_table.h"

namespace attestfs::fs {

std::optional<int32_t> PassthroughTable::OnOpen(uint64_t ino, uint64_t handle, bool ready,
                                                const RegisterBacking& register_backing) {
  MutexLock lock(mu_);
  Inode& n = inodes_[ino];
  bool passthrough = false;
  if (ready && n.cached == 0) {
    if (n.backing_id == 0) {
      auto id = register_backing();
      n.backing_id = id.ok() && *id > 0 ? *id : -1;
      if (n.backing_id > 0) {
        ++counters_.backing_files;
      } else {
        ++counters_.backing_failures;
      }
    }
    passthrough = n.backing_id > 0;
  }
  handles_[handle] = passthrough;
  if (!passthrough) {
    ++n.cached;
    ++counters_.cached_opens;
    return std::nullopt;
  }
  ++n.passthrough;
  ++counters_.passthrough_opens;
  pending_[handle] = n.backing_id;
  return n.backing_id;
}

std::optional<int32_t> PassthroughTable::TakePendingReply(uint64_t handle) {
  MutexLock lock(mu_);
  auto it = pending_.find(handle);
  if (it == pending_.end()) return std::nullopt;
  int32_t id = it->second;
  pending_.erase(it);
  return id;
}

bool PassthroughTable::HasPending() const {
  MutexLock lock(mu_);
  return !pending_.empty();
}

void PassthroughTable::OnRelease(uint64_t ino, uint64_t handle) {
  MutexLock lock(mu_);
  pending_.erase(handle);
  auto h = handles_.find(handle);
  if (h == handles_.end()) return;
  bool passthrough = h->second;
  handles_.erase(h);
  auto it = inodes_.find(ino);
  if (it == inodes_.end()) return;
  if (passthrough) {
    --it->second.passthrough;
  } else {
    --it->second.cached;
  }
}

PassthroughCounters PassthroughTable::counters() const {
  MutexLock lock(mu_);
  return counters_;
}

}  // namespace attestfs::fs

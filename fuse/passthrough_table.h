// PassthroughTable: which opens of the mount are passthrough opens, under the kernel's rule for
// one inode (fs/fuse/iomode.c): while a page-cached open of an inode exists a passthrough open
// of it fails, and while a passthrough open exists every new open must be one too, on the same
// backing file. So an open is a passthrough open when its file has a complete verified copy
// and no page-cached handle of the inode is open; otherwise it is an ordinary open served by
// the verifying reader. Also keeps each inode's backing id (registered once, on its first
// passthrough open) and the handles whose open reply still has to be patched
// (fuse_session.cc's writer). Thread-safe; no FUSE headers, no I/O of its own.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "base/mutex.h"
#include "base/result.h"

namespace attestfs::fs {

struct PassthroughCounters {
  uint64_t passthrough_opens = 0;
  uint64_t cached_opens = 0;
  uint64_t backing_files = 0;     // backing ids registered
  uint64_t backing_failures = 0;  // registrations the kernel refused (those inodes stay cached)
};

class PassthroughTable {
 public:
  // Registers the complete verified copy of an inode with the kernel; returns its backing id.
  using RegisterBacking = std::function<Result<int32_t>()>;

  // A new open `handle` of `ino`. `ready`: the file has a complete verified copy (`register_
  // backing` is then called once per inode, under the table's lock). Returns the backing id
  // when the open is to be a passthrough open (and remembers the handle's reply as pending).
  std::optional<int32_t> OnOpen(uint64_t ino, uint64_t handle, bool ready,
                                const RegisterBacking& register_backing);
  // The backing id for `handle`'s open reply, once; nullopt for an ordinary open.
  std::optional<int32_t> TakePendingReply(uint64_t handle);
  // The handle was released (or its open failed before the reply).
  void OnRelease(uint64_t ino, uint64_t handle);
  // True when a pending passthrough reply exists (a cheap check for the reply writer).
  bool HasPending() const;

  PassthroughCounters counters() const;

 private:
  struct Inode {
    int cached = 0;          // open page-cached handles
    int passthrough = 0;     // open passthrough handles
    int32_t backing_id = 0;  // 0 = not registered, < 0 = the kernel refused it
  };
  mutable Mutex mu_;
  std::map<uint64_t, Inode> inodes_ AFS_GUARDED_BY(mu_);
  std::map<uint64_t, bool> handles_ AFS_GUARDED_BY(mu_);     // handle -> passthrough?
  std::map<uint64_t, int32_t> pending_ AFS_GUARDED_BY(mu_);  // handle -> backing id to send
  PassthroughCounters counters_ AFS_GUARDED_BY(mu_);
};

}  // namespace attestfs::fs

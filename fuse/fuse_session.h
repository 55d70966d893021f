// FuseSession: one mounted libfuse session — the AttestFs it serves, the libfuse session object,
// the mount's log and its kernel read-ahead tuning. It sets the mount up (Create), runs the
// multithreaded request loop (Run) and ends it (Detach). It does not fork, daemonize or handle
// signals (mount_daemon.cc) and does not answer requests (fuse_ops.cc, which receives the
// session as its userdata). This header names libfuse's session type only as an opaque pointer;
// <fuse_lowlevel.h> stays in the .cc files.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"
#include "content/backing_file_cache.h"
#include "content/verified_reader.h"
#include "fuse/attest_fs.h"
#include "fuse/mount.h"
#include "fuse/passthrough_table.h"

struct fuse_session;  // libfuse's, opaque here
struct iovec;

namespace attestfs::fs {

// Kernel read-ahead for the mount (the bdi default is 128 KiB, and the kernel caps INIT's
// max_readahead at that default, so it is raised through sysfs once INIT is done). With it,
// sequential reads arrive as 1 MiB requests (max_pages = 256) instead of 128 KiB ones; in
// bench/mount_bench.sh 4 MiB gave a ~10% faster cold read than 1 MiB, and 16 MiB no more.
inline constexpr unsigned kKernelReadAheadKb = 4096;

class FuseSession {
 public:
  // Checks the mountpoint, builds the filesystem and mounts; the mount is live on success.
  static Result<std::unique_ptr<FuseSession>> Create(MountRequest request);
  ~FuseSession();  // unmounts (if still mounted) and destroys the libfuse session
  FuseSession(const FuseSession&) = delete;
  FuseSession& operator=(const FuseSession&) = delete;

  // Serves requests on up to max_threads threads until the mount goes away; the loop's status.
  int Run();
  // Makes Run return: detaches the mount (the kernel then aborts the connection once no file is
  // open) and cancels the source's fetches. Callable from any thread.
  void Detach();

  // Raises the mount's kernel read-ahead to kKernelReadAheadKb, once (best effort: needs root;
  // a failure only costs speed). Called on the first open, when INIT (which would clamp it back)
  // is long done, and before the kernel copies the value into the new file's read-ahead state.
  void TuneReadAhead();

  // Passthrough (fuse/passthrough_table.h): whether the open `handle` of `ino` is to be a
  // passthrough open (the file's verified copy is complete, the kernel agreed at INIT, no
  // page-cached handle of the inode is open). Its open reply is then patched on the way out.
  bool OpenPassthrough(uint64_t ino, uint64_t handle);
  void ReleaseHandle(uint64_t ino, uint64_t handle) { passthrough_.OnRelease(ino, handle); }
  bool passthrough_active() const { return passthrough_active_.load(); }
  PassthroughCounters passthrough_counters() const { return passthrough_.counters(); }
  content::BackingFileStats backing_stats() const;

  // libfuse's custom I/O (fuse_session_custom_io): every request read and reply written passes
  // here, so INIT and the open replies can carry the passthrough fields libfuse 3.14 lacks.
  ssize_t IoRead(int fd, void* buf, size_t len);
  ssize_t IoWritev(int fd, struct iovec* iov, int count);

  AttestFs& fs() { return *fs_; }
  const std::string& mountpoint() const { return mountpoint_; }
  void Log(const std::string& line) const { log_(line); }

 private:
  FuseSession() = default;

  std::unique_ptr<AttestFs> fs_;  // destroyed last: the session below refers to it
  fuse_session* se_ = nullptr;
  std::string mountpoint_;
  int max_threads_ = 16;
  content::LogSink log_;
  // sysfs read_ahead_kb of this mount's backing device, set once after INIT (TuneReadAhead).
  std::string read_ahead_path_;
  std::once_flag read_ahead_once_;

  // Passthrough. mode_, backing_, max_stack_depth_: fixed by Create. The atomics are written by
  // the thread that handles INIT, before any open.
  PassthroughMode passthrough_mode_ = PassthroughMode::kOff;
  std::shared_ptr<content::BackingFileCache> backing_;  // null when passthrough is off
  uint32_t max_stack_depth_ = 1;
  std::atomic<bool> init_seen_{false};
  std::atomic<bool> init_offers_passthrough_{false};
  std::atomic<uint64_t> init_unique_{0};
  std::atomic<bool> passthrough_active_{false};
  PassthroughTable passthrough_;
};

}  // namespace attestfs::fs

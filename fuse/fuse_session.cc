// FuseSession: session set-up (mount options, fuse_session_new/mount), the multithreaded loop,
// detaching, and the mount's kernel read-ahead. One of the two files that include
// <fuse_lowlevel.h> (with fuse_ops.cc).
#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 314  // CMake sets it for afs_fs; fuzz builds do not
#endif
#include "fuse/fuse_session.h"

#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "base/clock.h"
#include "content/disk_chunk_cache.h"
#include "fuse/fuse_ops.h"
#include "fuse/log_sink.h"
#include "fuse/mountinfo.h"
#include "fuse/passthrough_wire.h"

#if FUSE_USE_VERSION != 314
#error "afs_fs is written against the libfuse 3.14 API (FUSE_USE_VERSION=314)"
#endif

namespace attestfs::fs {
namespace {

std::string EscapeOption(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == ',' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The libfuse mount options: read-only, kernel permission checks, the source shown in
// /proc/mounts, and the VFS flags asked for.
std::string FuseMountOptions(const MountRequest& req) {
  const MountOptions& o = req.options;
  std::string opts = "ro,default_permissions,subtype=attestfs,fsname=" +
                     EscapeOption(req.source_name.empty() ? "attestfs" : req.source_name);
  if (o.allow_other) opts += ",allow_other";
  if (o.nodev) opts += ",nodev";
  if (o.nosuid) opts += ",nosuid";
  if (o.noexec) opts += ",noexec";
  if (o.debug) opts += ",debug";
  return opts;
}

// The libfuse custom I/O callbacks: `userdata` is the session (fuse_session_new's userdata).
ssize_t CustomRead(int fd, void* buf, size_t len, void* userdata) {
  return static_cast<FuseSession*>(userdata)->IoRead(fd, buf, len);
}
ssize_t CustomWritev(int fd, struct iovec* iov, int count, void* userdata) {
  return static_cast<FuseSession*>(userdata)->IoWritev(fd, iov, count);
}

// The kernel refuses a backing file whose filesystem stacks as deep as max_stack_depth
// (FILESYSTEM_MAX_STACK_DEPTH is 2): overlayfs (a container's root) is itself one level.
constexpr long kOverlayfsMagic = 0x794c7630;
uint32_t MaxStackDepthFor(const std::string& dir) {
  struct statfs st {};
  if (::statfs(dir.c_str(), &st) == 0 && st.f_type == kOverlayfsMagic) return 2;
  return 1;
}

// Sets up the private copies passthrough serves; null when passthrough is off or (auto) not
// possible. passthrough=on turns "not possible" into an error.
Result<std::shared_ptr<content::BackingFileCache>> OpenBackingFiles(const MountOptions& o,
                                                                    uint64_t chunk_size,
                                                                    const content::LogSink& log) {
  if (o.passthrough == PassthroughMode::kOff) return std::shared_ptr<content::BackingFileCache>();
  const bool required = o.passthrough == PassthroughMode::kOn;
  if (::geteuid() != 0) {
    if (required) {
      return Error(Errc::kPermission,
                   "passthrough=on: registering backing files needs root (CAP_SYS_ADMIN)");
    }
    return std::shared_ptr<content::BackingFileCache>();
  }
  if (o.passthrough_dir.empty()) {
    if (required) return Error(Errc::kInvalidArgument, "passthrough=on: no private directory");
    return std::shared_ptr<content::BackingFileCache>();
  }
  auto cache = content::BackingFileCache::Open(o.passthrough_dir, chunk_size, log);
  if (!cache.ok()) {
    if (required) return cache.error();
    log("passthrough off: " + cache.error().message());
    return std::shared_ptr<content::BackingFileCache>();
  }
  return std::shared_ptr<content::BackingFileCache>(std::move(*cache));
}

}  // namespace

Result<std::unique_ptr<FuseSession>> FuseSession::Create(MountRequest req) {
  AFS_TRY(CheckMountpoint(req.mountpoint));
  if (!req.source && req.source_factory) {
    AFS_ASSIGN_OR_RETURN(req.source, req.source_factory());
  }
  if (!req.source) return Error(Errc::kInvalidArgument, "mount: no content source");
  std::unique_ptr<FuseSession> s(new FuseSession());
  s->mountpoint_ = req.mountpoint;
  s->max_threads_ = req.max_threads < 1 ? 1 : req.max_threads;
  const MountOptions& o = req.options;
  AFS_ASSIGN_OR_RETURN(s->log_, MakeLogSink(o.log, o.debug && o.foreground));
  AttestFsOptions fo;
  fo.uid = ::geteuid();
  fo.gid = ::getegid();
  fo.mtime = SystemClock().NowUnixSeconds();
  fo.log = s->log_;
  fo.reader = req.reader;
  // The kernel page cache keeps every page it was served (keep_cache, no auto_inval_data), so a
  // fully served chunk need not stay in the daemon's memory.
  fo.reader.release_served_chunks = true;
  // Random mmap faults must not trigger read-ahead (content/verified_reader.h).
  fo.reader.local_read_ahead_after_bytes = 2 * req.manifest.chunk_size + 1;
  if (!o.cache.empty()) {
    AFS_ASSIGN_OR_RETURN(fo.reader.disk_cache, content::DiskChunkCache::Open(o.cache));
  }
  if (!o.trace.empty()) {
    AFS_ASSIGN_OR_RETURN(fo.trace, AccessTrace::Open(o.trace));
  }
  AFS_ASSIGN_OR_RETURN(s->backing_, OpenBackingFiles(o, req.manifest.chunk_size, s->log_));
  if (s->backing_) {
    s->passthrough_mode_ = o.passthrough;
    s->max_stack_depth_ = MaxStackDepthFor(s->backing_->dir());
    fo.reader.backing_files = s->backing_;
  }
  AFS_ASSIGN_OR_RETURN(s->fs_, AttestFs::Create(std::move(req.manifest), req.source, fo));

  std::vector<std::string> argv_s = {"attestfs", "-o", FuseMountOptions(req)};
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
  fuse_lowlevel_ops ops = FuseLowLevelOps();
  s->se_ = fuse_session_new(&args, &ops, sizeof ops, s.get());
  fuse_opt_free_args(&args);
  if (!s->se_) return Error(Errc::kIo, "mount " + req.mountpoint + ": fuse_session_new failed");
  if (fuse_session_mount(s->se_, req.mountpoint.c_str()) != 0) {
    fuse_session_destroy(s->se_);
    s->se_ = nullptr;
    return Error(Errc::kIo, "mount " + req.mountpoint +
                                ": fuse_session_mount failed (is /dev/fuse usable, is the "
                                "mountpoint an existing directory?)");
  }
  if (s->backing_) {
    // Route /dev/fuse traffic through IoRead/IoWritev (same descriptor, same semantics).
    fuse_custom_io io{};
    io.read = CustomRead;
    io.writev = CustomWritev;
    if (fuse_session_custom_io(s->se_, &io, fuse_session_fd(s->se_)) != 0) {
      s->log_("passthrough off: libfuse refused the custom I/O");
      s->backing_->Disable();
      s->backing_.reset();
    }
  }
  if (char* canonical = ::realpath(req.mountpoint.c_str(), nullptr)) {
    std::string dev = MountDeviceId(canonical);
    std::free(canonical);
    if (!dev.empty()) s->read_ahead_path_ = "/sys/class/bdi/" + dev + "/read_ahead_kb";
  }
  s->log_("mounted " + req.source_name + " on " + req.mountpoint + " (" +
          std::to_string(s->fs_->totals().files) + " attested files)");
  return s;
}

FuseSession::~FuseSession() {
  if (se_) {
    fuse_session_unmount(se_);
    fuse_session_destroy(se_);
  }
}

int FuseSession::Run() {
  fuse_loop_config* cfg = fuse_loop_cfg_create();
  fuse_loop_cfg_set_max_threads(cfg, static_cast<unsigned>(max_threads_));
  fuse_loop_cfg_set_clone_fd(cfg, 1);
  int rc = fuse_session_loop_mt(se_, cfg);
  fuse_loop_cfg_destroy(cfg);
  return rc;
}

void FuseSession::Detach() {
  fuse_session_exit(se_);
  fs_->reader().CancelSource();  // a read stuck on a slow registry must not hold the loop
  if (::geteuid() == 0) {
    ::umount2(mountpoint_.c_str(), MNT_DETACH);
    return;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("fusermount3", "fusermount3", "-u", "-z", "--", mountpoint_.c_str(),
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid > 0) ::waitpid(pid, nullptr, 0);
}

ssize_t FuseSession::IoRead(int fd, void* buf, size_t len) {
  ssize_t n = ::read(fd, buf, len);
  if (n > 0 && !init_seen_.load(std::memory_order_acquire)) {
    int saved = errno;
    auto r = passthrough::InspectRequest(buf, static_cast<size_t>(n));
    if (r && r->opcode == passthrough::kOpInit) {
      init_offers_passthrough_.store(r->init_offers_passthrough);
      init_unique_.store(r->unique);
      init_seen_.store(true, std::memory_order_release);
    }
    errno = saved;
  }
  return n;
}

ssize_t FuseSession::IoWritev(int fd, struct iovec* iov, int count) {
  if (count == 2) {
    auto h = passthrough::InspectReply(iov[0].iov_base, iov[0].iov_len);
    if (h && h->error == 0 && iov[1].iov_len == passthrough::kOpenOutSize) {
      // An open reply (16 bytes) for a handle OpenPassthrough chose: patch it.
      if (auto fh = passthrough::OpenReplyHandle(iov[1].iov_base, iov[1].iov_len)) {
        if (auto id = passthrough_.TakePendingReply(*fh)) {
          passthrough::PatchOpenReply(iov[1].iov_base, *id);
        }
      }
    } else if (h && h->error == 0 && init_seen_.load(std::memory_order_acquire) &&
               h->unique == init_unique_.load() && !passthrough_active_.load()) {
      bool on = false;
      if (backing_ && init_offers_passthrough_.load()) {
        on = passthrough::PatchInitReply(iov[1].iov_base, iov[1].iov_len, max_stack_depth_);
      }
      if (on) {
        passthrough_active_.store(true);
        log_("passthrough on: fully verified files are served from private copies in " +
             backing_->dir());
      } else if (backing_) {
        backing_->Disable();
        log_(std::string(passthrough_mode_ == PassthroughMode::kOn ? "error: " : "") +
             "passthrough off: the kernel does not offer FUSE passthrough");
      }
    }
  }
  return ::writev(fd, iov, count);
}

bool FuseSession::OpenPassthrough(uint64_t ino, uint64_t handle) {
  const attestation::FileEntry* file = fs_->FileOf(ino);
  if (!passthrough_active_.load() || !file) {
    passthrough_.OnOpen(ino, handle, false, nullptr);
    return false;
  }
  int fd = backing_->ReadyFd(*file);
  auto id = passthrough_.OnOpen(ino, handle, fd >= 0, [&]() -> Result<int32_t> {
    auto r = passthrough::OpenBackingId(fuse_session_fd(se_), fd);
    if (!r.ok()) log_("passthrough for " + file->path + " refused: " + r.error().message());
    return r;
  });
  return id.has_value();
}

content::BackingFileStats FuseSession::backing_stats() const {
  return backing_ ? backing_->stats() : content::BackingFileStats{};
}

void FuseSession::TuneReadAhead() {
  std::call_once(read_ahead_once_, [this] {
    if (read_ahead_path_.empty()) return;
    int fd = ::open(read_ahead_path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    std::string v = std::to_string(kKernelReadAheadKb);
    (void)!::write(fd, v.data(), v.size());
    ::close(fd);
  });
}

}  // namespace attestfs::fs

// The libfuse 3.14 low-level adapter: the ONLY file that includes <fuse_lowlevel.h>. Callbacks
// unpack the request, call AttestFs and reply (errno via ErrnoFor); session set-up, the
// multithreaded loop, clean unmount on signals, and daemonizing only after the mount is live.
// Caching: keep_cache on every open, day-long entry/attr timeouts, cached readdir, no direct_io
// (so the page cache serves warm reads and MAP_SHARED mmap works); the mount's kernel read-ahead
// is raised so sequential reads arrive as 1 MiB requests; reads are answered straight from the
// verified chunk buffers (no copy). One file by design (the only libfuse user), hence its length.
#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 314  // CMake sets it for afs_fs; fuzz builds do not
#endif
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <thread>

#include "base/file_io.h"
#include "content/disk_chunk_cache.h"
#include "fuse/attest_fs.h"
#include "fuse/errno_map.h"
#include "fuse/log_sink.h"
#include "fuse/mount.h"

#if FUSE_USE_VERSION != 314
#error "afs_fs is written against the libfuse 3.14 API (FUSE_USE_VERSION=314)"
#endif

namespace attestfs::fs {

// One mounted session: the filesystem, the libfuse session, and the loop thread (MountedFs).
struct MountedFs::Impl {
  std::unique_ptr<AttestFs> fs;
  fuse_session* se = nullptr;
  std::string mountpoint;
  int max_threads = 16;
  content::LogSink log;
  std::thread loop;  // MountedFs only
  int loop_rc = 0;
  // sysfs read_ahead_kb of this mount's backing device, set once after INIT (see TuneReadAhead).
  std::string read_ahead_path;
  std::once_flag read_ahead_once;

  ~Impl() {
    if (se) {
      fuse_session_unmount(se);
      fuse_session_destroy(se);
    }
  }
};

namespace {

using Impl = MountedFs::Impl;

constexpr double kCacheTimeoutSeconds = 86400.0;  // the tree and content never change
// Kernel read-ahead for the mount (the bdi default is 128 KiB, and the kernel caps INIT's
// max_readahead at that default, so it is raised through sysfs once INIT is done). With it,
// sequential reads arrive as 1 MiB requests (max_pages = 256) instead of 128 KiB ones; in
// bench/mount_bench.sh 4 MiB gave a ~10% faster cold read than 1 MiB, and 16 MiB no more.
constexpr unsigned kKernelReadAheadKb = 4096;
// /proc/self/mountinfo is read once per mount to find the mount's device number.
constexpr uint64_t kMaxMountInfoBytes = 16ull << 20;

Impl* ImplOf(fuse_req_t req) { return static_cast<Impl*>(fuse_req_userdata(req)); }
AttestFs* FsOf(fuse_req_t req) { return ImplOf(req)->fs.get(); }

// Raises the mount's kernel read-ahead (best effort: needs root; a failure only costs speed).
// Called on the first open, when INIT (which would clamp it back) is long done, and before the
// kernel copies the value into the new open file's read-ahead state.
void TuneReadAhead(Impl& impl) {
  std::call_once(impl.read_ahead_once, [&impl] {
    if (impl.read_ahead_path.empty()) return;
    int fd = ::open(impl.read_ahead_path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    std::string v = std::to_string(kKernelReadAheadKb);
    (void)!::write(fd, v.data(), v.size());
    ::close(fd);
  });
}

// Undoes mountinfo's octal escapes (\040 for a space, \011, \012, \134).
std::string UnescapeMountField(const std::string& f) {
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\' && i + 3 < f.size() && octal(f[i + 1]) && octal(f[i + 2]) && octal(f[i + 3])) {
      out += static_cast<char>((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 + (f[i + 3] - '0'));
      i += 3;
      continue;
    }
    out += f[i];
  }
  return out;
}

// "major:minor" of the newest fuse.attestfs mount at `mountpoint` (canonical path), from
// /proc/self/mountinfo: stat(2) on the mountpoint would block until the loop runs. "" if absent.
std::string MountDeviceId(const std::string& mountpoint) {
  auto info = ReadFileLimited("/proc/self/mountinfo", kMaxMountInfoBytes);
  if (!info.ok()) return "";
  std::istringstream lines(*info);
  std::string line, found;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string id, parent, dev, root, point, f;
    if (!(fields >> id >> parent >> dev >> root >> point)) continue;
    while (fields >> f && f != "-") {
    }
    std::string fstype;
    if (!(fields >> fstype) || fstype != "fuse.attestfs") continue;
    if (UnescapeMountField(point) == mountpoint) found = dev;
  }
  return found;
}

RequestContext Ctx(fuse_req_t req) {
  const fuse_ctx* c = fuse_req_ctx(req);
  return RequestContext{static_cast<int>(c->pid), c->uid, c->gid};
}

void FillStat(const Attr& a, struct stat* st) {
  std::memset(st, 0, sizeof *st);
  st->st_ino = a.ino;
  st->st_mode = a.mode;
  st->st_nlink = a.nlink;
  st->st_size = static_cast<off_t>(a.size);
  st->st_uid = a.uid;
  st->st_gid = a.gid;
  st->st_blksize = 4096;
  st->st_blocks = static_cast<blkcnt_t>((a.size + 511) / 512);
  st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = a.mtime;
}

void ReplyError(fuse_req_t req, const Error& e) { fuse_reply_err(req, ErrnoFor(e)); }

void OpInit(void*, fuse_conn_info* conn) {
  conn->max_background = 64;  // read-ahead is background work; the default 12 throttles it
  conn->congestion_threshold = 48;
  conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;  // content is immutable: never drop the page cache
  if (conn->capable & FUSE_CAP_CACHE_SYMLINKS) conn->want |= FUSE_CAP_CACHE_SYMLINKS;
  // Ask for the read-ahead TuneReadAhead sets (the kernel keeps min(its default, this) at INIT).
  conn->max_readahead = kKernelReadAheadKb * 1024;
}

void OpLookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  auto a = FsOf(req)->Lookup(parent, name);
  fuse_entry_param e{};
  e.entry_timeout = kCacheTimeoutSeconds;
  if (!a.ok()) {
    if (a.error().code() != Errc::kNotFound) return ReplyError(req, a.error());
    e.ino = 0;  // negative entry, cached: nothing will ever appear
    fuse_reply_entry(req, &e);
    return;
  }
  e.ino = a->ino;
  e.generation = 1;
  e.attr_timeout = kCacheTimeoutSeconds;
  FillStat(*a, &e.attr);
  fuse_reply_entry(req, &e);
}

void OpGetAttr(fuse_req_t req, fuse_ino_t ino, fuse_file_info*) {
  auto a = FsOf(req)->GetAttr(ino);
  if (!a.ok()) return ReplyError(req, a.error());
  struct stat st;
  FillStat(*a, &st);
  fuse_reply_attr(req, &st, kCacheTimeoutSeconds);
}

void OpReadLink(fuse_req_t req, fuse_ino_t ino) {
  auto t = FsOf(req)->ReadLink(ino);
  if (!t.ok()) return ReplyError(req, t.error());
  fuse_reply_readlink(req, t->c_str());
}

void OpOpen(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  TuneReadAhead(*ImplOf(req));
  auto handle = FsOf(req)->Open(ino, fi->flags, Ctx(req));
  if (!handle.ok()) return ReplyError(req, handle.error());
  fi->fh = *handle;
  fi->keep_cache = 1;  // verified, immutable: keep pages across opens
  fi->direct_io = 0;   // page cache + MAP_SHARED mmap
  fi->noflush = 1;
  fuse_reply_open(req, fi);
}

void OpRead(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info* fi) {
  if (off < 0) return fuse_reply_err(req, EINVAL), void();
  auto data = FsOf(req)->ReadSlices(ino, static_cast<uint64_t>(off), size, Ctx(req), fi->fh);
  if (!data.ok()) return ReplyError(req, data.error());
  // Reply straight from the verified chunks (they stay alive until the reply is written).
  constexpr size_t kInlineSlices = 8;
  iovec inline_iov[kInlineSlices];
  std::vector<iovec> heap_iov;
  iovec* iov = inline_iov;
  if (data->size() > kInlineSlices) {
    heap_iov.resize(data->size());
    iov = heap_iov.data();
  }
  for (size_t i = 0; i < data->size(); ++i) {
    std::string_view v = (*data)[i].view();
    iov[i].iov_base = const_cast<char*>(v.data());  // libfuse only reads it
    iov[i].iov_len = v.size();
  }
  fuse_reply_iov(req, iov, static_cast<int>(data->size()));
}

void OpRelease(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  FsOf(req)->Release(ino, fi->fh);
  fuse_reply_err(req, 0);
}

void OpOpenDir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  if (auto s = FsOf(req)->OpenDir(ino); !s.ok()) return ReplyError(req, s.error());
  fi->cache_readdir = 1;
  fi->keep_cache = 1;
  fuse_reply_open(req, fi);
}

void OpReadDir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info*) {
  auto list = FsOf(req)->ReadDir(ino);
  if (!list.ok()) return ReplyError(req, list.error());
  std::vector<DirEntry> all{{".", ino, S_IFDIR}, {"..", kRootInode, S_IFDIR}};
  all.insert(all.end(), list->begin(), list->end());
  std::string buf(size, '\0');
  size_t used = 0;
  for (size_t i = static_cast<size_t>(off < 0 ? 0 : off); i < all.size(); ++i) {
    struct stat st {};
    st.st_ino = all[i].ino;
    st.st_mode = all[i].mode;
    size_t n = fuse_add_direntry(req, buf.data() + used, size - used, all[i].name.c_str(), &st,
                                 static_cast<off_t>(i + 1));
    if (n > size - used) break;
    used += n;
  }
  fuse_reply_buf(req, buf.data(), used);
}

void OpStatFs(fuse_req_t req, fuse_ino_t) {
  FsTotals t = FsOf(req)->totals();
  struct statvfs st {};
  st.f_bsize = st.f_frsize = 4096;
  st.f_blocks = (t.bytes + 4095) / 4096;
  st.f_files = t.files;
  st.f_namemax = 255;
  st.f_flag = ST_RDONLY;
  fuse_reply_statfs(req, &st);
}

void Erofs(fuse_req_t req, const char* op) { ReplyError(req, FsOf(req)->Modify(op).error()); }
void OpSetAttr(fuse_req_t r, fuse_ino_t, struct stat*, int, fuse_file_info*) {
  Erofs(r, "setattr");
}
void OpMknod(fuse_req_t r, fuse_ino_t, const char*, mode_t, dev_t) { Erofs(r, "mknod"); }
void OpMkdir(fuse_req_t r, fuse_ino_t, const char*, mode_t) { Erofs(r, "mkdir"); }
void OpUnlink(fuse_req_t r, fuse_ino_t, const char*) { Erofs(r, "unlink"); }
void OpRmdir(fuse_req_t r, fuse_ino_t, const char*) { Erofs(r, "rmdir"); }
void OpSymlink(fuse_req_t r, const char*, fuse_ino_t, const char*) { Erofs(r, "symlink"); }
void OpRename(fuse_req_t r, fuse_ino_t, const char*, fuse_ino_t, const char*, unsigned) {
  Erofs(r, "rename");
}
void OpLink(fuse_req_t r, fuse_ino_t, fuse_ino_t, const char*) { Erofs(r, "link"); }
void OpWrite(fuse_req_t r, fuse_ino_t, const char*, size_t, off_t, fuse_file_info*) {
  Erofs(r, "write");
}
void OpCreate(fuse_req_t r, fuse_ino_t, const char*, mode_t, fuse_file_info*) {
  Erofs(r, "create");
}
void OpSetXattr(fuse_req_t r, fuse_ino_t, const char*, const char*, size_t, int) {
  Erofs(r, "setxattr");
}
void OpRemoveXattr(fuse_req_t r, fuse_ino_t, const char*) { Erofs(r, "removexattr"); }
void OpFallocate(fuse_req_t r, fuse_ino_t, int, off_t, off_t, fuse_file_info*) {
  Erofs(r, "fallocate");
}

fuse_lowlevel_ops MakeOps() {
  fuse_lowlevel_ops ops;
  std::memset(&ops, 0, sizeof ops);
  ops.init = OpInit;
  ops.lookup = OpLookup;
  ops.getattr = OpGetAttr;
  ops.readlink = OpReadLink;
  ops.open = OpOpen;
  ops.read = OpRead;
  ops.release = OpRelease;
  ops.opendir = OpOpenDir;
  ops.readdir = OpReadDir;
  ops.statfs = OpStatFs;
  ops.setattr = OpSetAttr;
  ops.mknod = OpMknod;
  ops.mkdir = OpMkdir;
  ops.unlink = OpUnlink;
  ops.rmdir = OpRmdir;
  ops.symlink = OpSymlink;
  ops.rename = OpRename;
  ops.link = OpLink;
  ops.write = OpWrite;
  ops.create = OpCreate;
  ops.setxattr = OpSetXattr;
  ops.removexattr = OpRemoveXattr;
  ops.fallocate = OpFallocate;
  return ops;
}

std::string EscapeOption(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == ',' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

namespace {

using Impl = MountedFs::Impl;

// Builds everything and mounts; the mount is live when this returns successfully.
// A mountpoint whose FUSE daemon died answers ENOTCONN; mounting there again would stack a
// second mount over the dead one.
Status CheckMountpoint(const std::string& mountpoint) {
  struct stat st;
  if (::stat(mountpoint.c_str(), &st) != 0) {
    if (errno == ENOTCONN) {
      return Error(Errc::kIo, "mount " + mountpoint +
                                  ": a dead FUSE mount is still there (its daemon is gone: "
                                  "transport endpoint is not connected); unmount it first: "
                                  "umount " +
                                  mountpoint);
    }
    return ErrnoError("mount " + mountpoint, errno);
  }
  if (!S_ISDIR(st.st_mode)) return Error(Errc::kUsage, "mount " + mountpoint + ": not a directory");
  return OkStatus();
}

Result<std::unique_ptr<Impl>> Setup(MountRequest req) {
  AFS_TRY(CheckMountpoint(req.mountpoint));
  if (!req.source && req.source_factory) {
    AFS_ASSIGN_OR_RETURN(req.source, req.source_factory());
  }
  if (!req.source) return Error(Errc::kInvalidArgument, "mount: no content source");
  auto impl = std::make_unique<Impl>();
  impl->mountpoint = req.mountpoint;
  impl->max_threads = req.max_threads < 1 ? 1 : req.max_threads;
  const MountOptions& o = req.options;
  AFS_ASSIGN_OR_RETURN(impl->log, MakeLogSink(o.log, o.debug && o.foreground));
  AttestFsOptions fo;
  fo.uid = ::geteuid();
  fo.gid = ::getegid();
  fo.mtime = SystemClock().NowUnixSeconds();
  fo.log = impl->log;
  fo.reader = req.reader;
  // The kernel page cache keeps every page it was served (keep_cache, no auto_inval_data), so a
  // fully served chunk need not stay in the daemon's memory.
  fo.reader.release_served_chunks = true;
  if (!o.cache.empty()) {
    AFS_ASSIGN_OR_RETURN(fo.reader.disk_cache, content::DiskChunkCache::Open(o.cache));
  }
  if (!o.trace.empty()) {
    AFS_ASSIGN_OR_RETURN(fo.trace, AccessTrace::Open(o.trace));
  }
  AFS_ASSIGN_OR_RETURN(impl->fs, AttestFs::Create(std::move(req.manifest), req.source, fo));

  std::string opts = "ro,default_permissions,subtype=attestfs,fsname=" +
                     EscapeOption(req.source_name.empty() ? "attestfs" : req.source_name);
  if (o.allow_other) opts += ",allow_other";
  if (o.nodev) opts += ",nodev";
  if (o.nosuid) opts += ",nosuid";
  if (o.noexec) opts += ",noexec";
  if (o.debug) opts += ",debug";
  std::vector<std::string> argv_s = {"attestfs", "-o", opts};
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
  fuse_lowlevel_ops ops = MakeOps();
  impl->se = fuse_session_new(&args, &ops, sizeof ops, impl.get());
  fuse_opt_free_args(&args);
  if (!impl->se) return Error(Errc::kIo, "mount " + req.mountpoint + ": fuse_session_new failed");
  if (fuse_session_mount(impl->se, req.mountpoint.c_str()) != 0) {
    fuse_session_destroy(impl->se);
    impl->se = nullptr;
    return Error(Errc::kIo, "mount " + req.mountpoint +
                                ": fuse_session_mount failed (is /dev/fuse usable, is the "
                                "mountpoint an existing directory?)");
  }
  if (char* canonical = ::realpath(req.mountpoint.c_str(), nullptr)) {
    std::string dev = MountDeviceId(canonical);
    std::free(canonical);
    if (!dev.empty()) impl->read_ahead_path = "/sys/class/bdi/" + dev + "/read_ahead_kb";
  }
  impl->log("mounted " + req.source_name + " on " + req.mountpoint + " (" +
            std::to_string(impl->fs->totals().files) + " attested files)");
  return impl;
}

int RunLoop(Impl& impl) {
  fuse_loop_config* cfg = fuse_loop_cfg_create();
  fuse_loop_cfg_set_max_threads(cfg, static_cast<unsigned>(impl.max_threads));
  fuse_loop_cfg_set_clone_fd(cfg, 1);
  int rc = fuse_session_loop_mt(impl.se, cfg);
  fuse_loop_cfg_destroy(cfg);
  return rc;
}

// Makes the loop return: detach the mount (the kernel then aborts the connection once no file
// is open, and /dev/fuse reads fail with ENODEV).
void Detach(Impl& impl) {
  fuse_session_exit(impl.se);
  impl.fs->reader().CancelSource();  // a read stuck on a slow registry must not hold the loop
  if (::geteuid() == 0) {
    ::umount2(impl.mountpoint.c_str(), MNT_DETACH);
    return;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("fusermount3", "fusermount3", "-u", "-z", "--", impl.mountpoint.c_str(),
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid > 0) ::waitpid(pid, nullptr, 0);
}

// Runs the loop in this thread; SIGTERM/SIGINT/SIGHUP (blocked in every thread, taken by a
// signal thread with sigwait) detach the mount so the loop ends cleanly.
Status ServeWithSignals(Impl& impl) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&set, s);
  std::thread signals([&impl, set] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0 || sig == SIGUSR1) return;  // SIGUSR1: the loop ended
    impl.log(std::string("signal ") + strsignal(sig) + ": unmounting " + impl.mountpoint);
    Detach(impl);
  });
  int rc = RunLoop(impl);
  impl.fs->reader().CancelSource();  // umount: read-ahead still fetching must end, not linger
  pthread_kill(signals.native_handle(), SIGUSR1);
  signals.join();
  ReadCounters served = impl.fs->read_counters();
  content::ReaderStats st = impl.fs->reader().stats();
  impl.log("unmounted " + impl.mountpoint + " (" + std::to_string(served.requests) +
           " read requests, " + std::to_string(served.bytes) +
           " bytes served; chunks: " + std::to_string(st.chunks_verified) + " verified, " +
           std::to_string(st.read_ahead_chunks) + " read ahead, " +
           std::to_string(st.joined_flights) + " joined in flight, " +
           std::to_string(st.chunks_released) + " released once served)");
  if (rc != 0) return Error(Errc::kIo, "fuse loop ended with status " + std::to_string(rc));
  return OkStatus();
}

class ScopedSignalMask {
 public:
  ScopedSignalMask() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&set, s);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~ScopedSignalMask() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

void WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

[[noreturn]] void RunDaemonChild(MountRequest req, int ready_fd) {
  ::setsid();
  ScopedSignalMask mask;  // before any thread exists
  auto impl = Setup(std::move(req));
  if (!impl.ok()) {
    WriteAll(ready_fd, "E" + impl.error().message());
    ::_exit(32);
  }
  WriteAll(ready_fd, "K");  // the mount is live
  ::close(ready_fd);
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::close(null);
  }
  if (::chdir("/") != 0) {
    // not fatal: the daemon holds no relative paths
  }
  Status s = ServeWithSignals(**impl);
  impl->reset();
  ::_exit(s.ok() ? 0 : 1);
}

}  // namespace

Status Mount(MountRequest request) {
  if (request.options.foreground) {
    ScopedSignalMask mask;
    AFS_ASSIGN_OR_RETURN(auto impl, Setup(std::move(request)));
    return ServeWithSignals(*impl);
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return ErrnoError("pipe", errno);
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return ErrnoError("fork", err);
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunDaemonChild(std::move(request), fds[1]);
  }
  ::close(fds[1]);
  std::string msg;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    msg.append(buf, static_cast<size_t>(n));
    if (msg == "K") break;
  }
  ::close(fds[0]);
  if (msg == "K") return OkStatus();
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!msg.empty() && msg[0] == 'E') return Error(Errc::kIo, msg.substr(1));
  return Error(Errc::kIo, "mount daemon exited before the mount was live (status " +
                              std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

MountedFs::MountedFs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MountedFs::~MountedFs() { (void)Unmount(); }

Result<std::unique_ptr<MountedFs>> MountedFs::Start(MountRequest request) {
  AFS_ASSIGN_OR_RETURN(auto impl, Setup(std::move(request)));
  Impl* raw = impl.get();
  raw->loop = std::thread([raw] {
    raw->loop_rc = RunLoop(*raw);
    raw->fs->reader().CancelSource();
  });
  return std::unique_ptr<MountedFs>(new MountedFs(std::move(impl)));
}

Status MountedFs::Unmount() {
  if (!impl_ || !impl_->loop.joinable()) return OkStatus();
  Detach(*impl_);
  impl_->loop.join();
  int rc = impl_->loop_rc;
  impl_.reset();
  if (rc != 0) return Error(Errc::kIo, "fuse loop ended with status " + std::to_string(rc));
  return OkStatus();
}

AttestFs& MountedFs::fs() { return *impl_->fs; }

}  // namespace attestfs::fs

// The low-level callbacks: unpack, call AttestFs, reply. One of the two files that include
// <fuse_lowlevel.h> (with fuse_session.cc). Caching: keep_cache on every ordinary open (a
// passthrough open, FuseSession::OpenPassthrough, reads the verified copy instead), day-long
// entry/attr timeouts, cached readdir, no direct_io (so the page cache serves warm reads and
// MAP_SHARED mmap works); INIT asks for the read-ahead FuseSession::TuneReadAhead sets, so
// sequential reads arrive as 1 MiB requests; reads are answered straight from the verified chunk
// buffers (no copy). Writes of any kind are refused (EROFS) through AttestFs::Modify.
#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 314  // CMake sets it for afs_fs; fuzz builds do not
#endif
#include "fuse/fuse_ops.h"

#include <fuse_lowlevel.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "fuse/attest_fs.h"
#include "fuse/errno_map.h"
#include "fuse/fuse_session.h"

#if FUSE_USE_VERSION != 314
#error "afs_fs is written against the libfuse 3.14 API (FUSE_USE_VERSION=314)"
#endif

namespace attestfs::fs {
namespace {

constexpr double kCacheTimeoutSeconds = 86400.0;  // the tree and content never change

FuseSession* SessionOf(fuse_req_t req) { return static_cast<FuseSession*>(fuse_req_userdata(req)); }
AttestFs* FsOf(fuse_req_t req) { return &SessionOf(req)->fs(); }

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
  SessionOf(req)->TuneReadAhead();
  auto handle = FsOf(req)->Open(ino, fi->flags, Ctx(req));
  if (!handle.ok()) return ReplyError(req, handle.error());
  fi->fh = *handle;
  FuseSession* session = SessionOf(req);
  // A passthrough open: the kernel reads and maps the file's private verified copy; the
  // reply gets FOPEN_PASSTHROUGH and the backing id on its way out (FuseSession::IoWritev),
  // and must not ask for keep_cache (the kernel refuses that combination).
  const bool passthrough = session->OpenPassthrough(ino, *handle);
  fi->keep_cache = passthrough ? 0 : 1;  // verified, immutable: keep pages across opens
  fi->direct_io = 0;                     // page cache + MAP_SHARED mmap
  fi->noflush = 1;
  if (fuse_reply_open(req, fi) != 0) {
    // The kernel never saw this open (interrupted): no release will come for it.
    session->ReleaseHandle(ino, *handle);
    FsOf(req)->Release(ino, *handle);
  }
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
  SessionOf(req)->ReleaseHandle(ino, fi->fh);
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

}  // namespace

fuse_lowlevel_ops FuseLowLevelOps() {
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
}  // namespace attestfs::fs

// Passthrough wire pieces: offsets from include/uapi/linux/fuse.h (7.40+).
#include "fuse/passthrough_wire.h"

#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "base/error.h"

namespace attestfs::fs::passthrough {
namespace {

// struct fuse_backing_map {int32_t fd; uint32_t flags; uint64_t padding;}
struct BackingMap {
  int32_t fd;
  uint32_t flags;
  uint64_t padding;
};
// FUSE_DEV_IOC_BACKING_OPEN = _IOW(FUSE_DEV_IOC_MAGIC = 229, 1, struct fuse_backing_map)
constexpr unsigned long kIocBackingOpen = _IOW(229, 1, BackingMap);

template <typename T>
T Load(const void* base, size_t off) {
  T v;
  std::memcpy(&v, static_cast<const char*>(base) + off, sizeof v);
  return v;
}
template <typename T>
void Store(void* base, size_t off, T v) {
  std::memcpy(static_cast<char*>(base) + off, &v, sizeof v);
}

// fuse_init_in (after the request header): major, minor, max_readahead, flags, flags2.
constexpr size_t kInitInFlags = 12;
constexpr size_t kInitInFlags2 = 16;
// fuse_init_out: flags at 12, flags2 at 32, max_stack_depth at 36.
constexpr size_t kInitOutFlags = 12;
constexpr size_t kInitOutFlags2 = 32;
constexpr size_t kInitOutMaxStackDepth = 36;
// fuse_open_out: fh at 0, open_flags at 8, backing_id at 12.
constexpr size_t kOpenOutFlags = 8;
constexpr size_t kOpenOutBackingId = 12;

}  // namespace

std::optional<RequestInfo> InspectRequest(const void* buf, size_t len) {
  if (len < kInHeaderSize) return std::nullopt;
  RequestInfo r;
  r.opcode = Load<uint32_t>(buf, 4);
  r.unique = Load<uint64_t>(buf, 8);
  if (r.opcode == kOpInit && len >= kInHeaderSize + kInitInFlags2 + 4) {
    uint32_t flags = Load<uint32_t>(buf, kInHeaderSize + kInitInFlags);
    uint32_t flags2 = Load<uint32_t>(buf, kInHeaderSize + kInitInFlags2);
    r.init_offers_passthrough = (flags & kInitExt) != 0 && (flags2 & kFlags2Passthrough) != 0;
  }
  return r;
}

std::optional<ReplyHeader> InspectReply(const void* header, size_t len) {
  if (len < kOutHeaderSize) return std::nullopt;
  return ReplyHeader{Load<uint64_t>(header, 8), Load<int32_t>(header, 4)};
}

bool PatchInitReply(void* init_out, size_t len, uint32_t max_stack_depth) {
  if (len < kInitOutMinSize) return false;
  if ((Load<uint32_t>(init_out, kInitOutFlags) & kInitExt) == 0) return false;
  Store<uint32_t>(init_out, kInitOutFlags2,
                  Load<uint32_t>(init_out, kInitOutFlags2) | kFlags2Passthrough);
  Store<uint32_t>(init_out, kInitOutMaxStackDepth, max_stack_depth);
  return true;
}

std::optional<uint64_t> OpenReplyHandle(const void* open_out, size_t len) {
  if (len != kOpenOutSize) return std::nullopt;
  return Load<uint64_t>(open_out, 0);
}

void PatchOpenReply(void* open_out, int32_t backing_id) {
  uint32_t flags = Load<uint32_t>(open_out, kOpenOutFlags);
  Store<uint32_t>(open_out, kOpenOutFlags, (flags | kOpenPassthrough) & kOpenPassthroughMask);
  Store<int32_t>(open_out, kOpenOutBackingId, backing_id);
}

Result<int32_t> OpenBackingId(int fuse_dev_fd, int fd) {
  BackingMap map{fd, 0, 0};
  int id = ::ioctl(fuse_dev_fd, kIocBackingOpen, &map);
  if (id > 0) return static_cast<int32_t>(id);
  int err = id < 0 ? errno : EIO;
  if (err == EPERM)
    return Error(Errc::kPermission, "passthrough: backing open needs CAP_SYS_ADMIN");
  if (err == EOPNOTSUPP || err == ENOTTY || err == EINVAL) {
    return Error(Errc::kUnsupported,
                 std::string("passthrough: backing open refused: ") + std::strerror(err));
  }
  return ErrnoError("passthrough: backing open", err);
}

}  // namespace attestfs::fs::passthrough

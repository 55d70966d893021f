// The FUSE passthrough protocol pieces libfuse 3.14 does not know (it came with kernel 6.9,
// protocol 7.40, and libfuse 3.17's fuse_passthrough_open): the FUSE_PASSTHROUGH INIT flag and
// max_stack_depth, FOPEN_PASSTHROUGH with a backing id in the open reply, and the
// FUSE_DEV_IOC_BACKING_OPEN ioctl. fuse_session.cc routes libfuse's /dev/fuse traffic through
// these functions (fuse_session_custom_io): requests are inspected, and the INIT and open
// replies are patched in place before they are written. Plain byte work on the wire layout
// (include/uapi/linux/fuse.h), no libfuse header, so it is unit-tested without a kernel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/result.h"

namespace attestfs::fs::passthrough {

inline constexpr uint32_t kOpInit = 26;
inline constexpr uint32_t kOpOpen = 14;
inline constexpr uint32_t kInitExt = 1u << 30;           // FUSE_INIT_EXT: flags2 is valid
inline constexpr uint32_t kFlags2Passthrough = 1u << 5;  // FUSE_PASSTHROUGH = 1ULL << 37
inline constexpr uint32_t kOpenKeepCache = 1u << 1;      // FOPEN_KEEP_CACHE
inline constexpr uint32_t kOpenPassthrough = 1u << 7;    // FOPEN_PASSTHROUGH
// The open flags the kernel accepts together with FOPEN_PASSTHROUGH (FOPEN_PASSTHROUGH_MASK):
// DIRECT_IO, PARALLEL_DIRECT_WRITES, NOFLUSH; anything else (keep_cache) fails the open (EIO).
inline constexpr uint32_t kOpenPassthroughMask =
    kOpenPassthrough | (1u << 0) | (1u << 6) | (1u << 5);
inline constexpr size_t kInHeaderSize = 40;    // struct fuse_in_header
inline constexpr size_t kOutHeaderSize = 16;   // struct fuse_out_header
inline constexpr size_t kOpenOutSize = 16;     // struct fuse_open_out {fh, open_flags, backing_id}
inline constexpr size_t kInitOutMinSize = 40;  // up to and including max_stack_depth

// What a request says about passthrough (only INIT carries anything).
struct RequestInfo {
  uint32_t opcode = 0;
  uint64_t unique = 0;
  bool init_offers_passthrough = false;  // INIT with FUSE_INIT_EXT and FUSE_PASSTHROUGH
};
// The header of a request read from /dev/fuse (nullopt when shorter than one).
std::optional<RequestInfo> InspectRequest(const void* buf, size_t len);

// The `unique` and error of a reply header (nullopt when shorter than one).
struct ReplyHeader {
  uint64_t unique = 0;
  int32_t error = 0;
};
std::optional<ReplyHeader> InspectReply(const void* header, size_t len);

// Turns passthrough on in a fuse_init_out body (flags2 |= FUSE_PASSTHROUGH, max_stack_depth),
// only when the reply already carries FUSE_INIT_EXT. False when the body is too short or
// FUSE_INIT_EXT is missing (the kernel would ignore flags2).
bool PatchInitReply(void* init_out, size_t len, uint32_t max_stack_depth);

// The fh of a fuse_open_out body (nullopt unless exactly one).
std::optional<uint64_t> OpenReplyHandle(const void* open_out, size_t len);
// Makes a fuse_open_out body a passthrough open on `backing_id`: FOPEN_PASSTHROUGH set, flags the
// kernel refuses with it (keep_cache) cleared.
void PatchOpenReply(void* open_out, int32_t backing_id);

// FUSE_DEV_IOC_BACKING_OPEN on a /dev/fuse descriptor: registers `fd` as a backing file and
// returns its id (> 0). Needs CAP_SYS_ADMIN (kPermission) and a kernel with passthrough
// enabled for the connection (kUnsupported otherwise).
Result<int32_t> OpenBackingId(int fuse_dev_fd, int fd);

}  // namespace attestfs::fs::passthrough

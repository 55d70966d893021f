// Uncompressed tar layers for packed model files: a deterministic ustar writer plan (headers
// computed up front so each file's byte offset inside the layer is known before upload) and a
// reader that extracts regular files safely. No libarchive: the offsets must be exact.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::oci {

inline constexpr uint64_t kTarBlockSize = 512;
// Paths in packed layers are limited like FileManifest paths (PATH_MAX).
inline constexpr size_t kMaxTarPathBytes = 4096;
// A PAX extended header body is read up to this size.
inline constexpr uint64_t kMaxPaxHeaderBytes = 64u << 10;

struct TarMember {
  std::string path;  // relative POSIX path
  uint64_t size = 0;
  bool executable = false;
};

// One piece of the tar stream: literal bytes (headers, padding, trailer) or a member's content.
struct TarSegment {
  std::string literal;  // used when member < 0
  long member = -1;     // index into the member list
  uint64_t offset = 0;  // offset of this segment inside the tar
  uint64_t length = 0;
};

struct TarPlan {
  std::vector<TarSegment> segments;
  std::vector<uint64_t> member_offsets;  // content offset of each member inside the tar
  uint64_t total_size = 0;
};

// Lays out members in the given order with fixed metadata (uid/gid 0, mtime 0, mode 0644/0755).
Result<TarPlan> PlanTar(const std::vector<TarMember>& members);

// Reads a whole tar file from `fd`, calling `on_file(path, mode, size, read_content)` for each
// regular file; directories are reported with size 0 and mode S_IFDIR. Other entry types
// (links, devices) are refused with kUnsupported.
using TarFileCallback = std::function<Status(const std::string& path, bool is_dir, unsigned mode,
                                             uint64_t offset, uint64_t size)>;
Status ScanTar(int fd, uint64_t file_size, const TarFileCallback& on_entry);

}  // namespace attestfs::oci

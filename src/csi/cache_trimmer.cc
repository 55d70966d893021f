// TrimCache over std::filesystem: collect chunk files, oldest first, delete until under bound.
#include "csi/cache_trimmer.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace attestfs::csi {

TrimResult TrimCache(const std::string& cache_dir, uint64_t max_bytes) {
  namespace fsys = std::filesystem;
  struct Entry {
    std::string path;
    uint64_t size;
    int64_t used_ns;
  };
  std::vector<Entry> chunks;
  TrimResult r;
  std::error_code ec;
  for (fsys::recursive_directory_iterator
           it(cache_dir, fsys::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    r.bytes_before += static_cast<uint64_t>(st.st_size);
    if (fsys::relative(it->path(), cache_dir, ec).begin()->string() != "chunks") continue;
    const int64_t m = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    const int64_t a = st.st_atim.tv_sec * 1000000000LL + st.st_atim.tv_nsec;
    chunks.push_back({it->path().string(), static_cast<uint64_t>(st.st_size), std::max(m, a)});
  }
  r.bytes_after = r.bytes_before;
  if (max_bytes == 0 || r.bytes_before <= max_bytes) return r;
  std::sort(chunks.begin(), chunks.end(),
            [](const Entry& x, const Entry& y) { return x.used_ns < y.used_ns; });
  for (const auto& c : chunks) {
    if (r.bytes_after <= max_bytes) break;
    if (fsys::remove(c.path, ec)) {
      r.bytes_after -= c.size;
      ++r.files_removed;
    }
  }
  return r;
}

}  // namespace attestfs::csi

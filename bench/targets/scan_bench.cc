// scan_bench: scans a dir: target with attestfs::targets::ScanTarget and prints files, bytes,
// wall time, GB/s, peak RSS and the subject digest on one line (a helper for bench scripts).
// Not wired into CMake; build against a build dir B (after `ninja -C $B afs_targets`):
//   g++ -std=c++20 -O2 -Isrc bench/targets/scan_bench.cc $B/libafs_targets.a \
//     $B/libafs_attestation.a $B/libafs_keys.a $B/libafs_digest.a $B/libafs_base.a \
//     -lgit2 -larchive -lcrypto -lpthread -o scan_bench
// Usage: scan_bench DIR [threads (0 = all cores)] [chunks 1|0] [chunk_size bytes]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "targets/scanner.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [threads] [chunks=1] [chunk_size]\n", argv[0]);
    return 2;
  }
  attestfs::targets::ScanOptions opts;
  if (argc > 2) opts.threads = static_cast<unsigned>(std::atoi(argv[2]));
  if (argc > 3) opts.compute_chunks = std::atoi(argv[3]) != 0;
  if (argc > 4) opts.chunk_size = std::strtoull(argv[4], nullptr, 10);
  auto start = std::chrono::steady_clock::now();
  auto r =
      attestfs::targets::ScanTarget({attestfs::targets::TargetSpec::Kind::kDir, argv[1]}, opts);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.ok()) {
    std::fprintf(stderr, "error: %s\n", r.error().message().c_str());
    return 1;
  }
  uint64_t bytes = 0;
  for (const auto& f : r->manifest.files) bytes += f.size;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("files=%zu bytes=%llu seconds=%.3f GB/s=%.2f peak_rss_kib=%ld subject=%s\n",
              r->manifest.files.size(), static_cast<unsigned long long>(bytes), secs,
              bytes / secs / 1e9, ru.ru_maxrss, r->manifest.SubjectDigest().ToString().c_str());
  return 0;
}

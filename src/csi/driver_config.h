// DriverConfig: what `attestfs csi serve` is told about its node — its name, where it keeps its
// state (one record per published volume, so a restarted plugin knows its mounts), the only
// directory volume attributes may name files in (keys, CA roots, policies from mounted Secrets
// and ConfigMaps), the node-wide verified cache shared by every volume, and its size bound.
#pragma once

#include <cstdint>
#include <string>

namespace attestfs::csi {

inline constexpr const char* kDriverName = "attestfs.csi.dev";

struct DriverConfig {
  std::string node_id;
  std::string state_dir = "/var/lib/attestfs-csi";
  std::string secrets_dir;  // "" : attributes may not name files at all
  std::string cache_dir = "/var/cache/attestfs-csi";
  uint64_t cache_max_bytes = 10ULL << 30;   // 0: unbounded
  std::string self_exe = "/proc/self/exe";  // the attestfs binary that mounts
  int mount_timeout_s = 120;                // a publish that takes longer fails (UNAVAILABLE)
};

}  // namespace attestfs::csi

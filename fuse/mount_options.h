// MountOptions: how the verifying filesystem itself behaves (cache, trace, log, daemon timeout,
// FUSE/VFS flags). What is mounted and how it is trusted is not here: the application prepares
// that (app::PrepareMount) and hands over only a verified file list and a byte source. The `-o`
// option list is parsed by the front end (cli/mount_option_list.h).
#pragma once

#include <string>

namespace attestfs::fs {

inline constexpr int kDefaultMountTimeoutSeconds = 30;
inline constexpr int kMaxMountTimeoutSeconds = 3600;

struct MountOptions {
  std::string cache;  // verified chunk cache directory (DiskChunkCache), root-only
  std::string trace;  // access trace file (JSON Lines)
  std::string log;    // log file for verification failures (default: syslog)
  // timeout=SECONDS: a daemonized mount whose daemon has not reported the mount live by then
  // (e.g. stat(2) of a mountpoint inside a hung FUSE mount) is killed and fails (kTimeout).
  int mount_timeout_seconds = kDefaultMountTimeoutSeconds;
  // FUSE / VFS.
  bool allow_other = false;
  bool foreground = false;
  bool debug = false;
  bool nodev = true;
  bool nosuid = true;
  bool noexec = false;
};

}  // namespace attestfs::fs

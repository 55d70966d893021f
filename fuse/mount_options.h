// MountOptions: how the verifying filesystem itself behaves (cache, trace, log, daemon timeout,
// FUSE/VFS flags). What is mounted and how it is trusted is not here: the application prepares
// that (app::PrepareMount) and hands over only a verified file list and a byte source. The `-o`
// option list is parsed by the front end (cli/mount_option_list.h).
#pragma once

#include <string>

namespace attestfs::fs {

inline constexpr int kDefaultMountTimeoutSeconds = 30;
inline constexpr int kMaxMountTimeoutSeconds = 3600;

// passthrough=auto|on|off: serve opens of fully verified files from a private verified copy
// through the kernel (FUSE passthrough). auto: when the daemon is root and the kernel agrees;
// on: the same, but a mount without root fails and a kernel refusal is logged as an error.
enum class PassthroughMode { kAuto, kOn, kOff };

struct MountOptions {
  std::string cache;  // verified chunk cache directory (DiskChunkCache), root-only
  PassthroughMode passthrough = PassthroughMode::kAuto;
  // The daemon's private directory (0700, its euid) for the verified copies passthrough serves
  // (content::BackingFileCache; unnamed files, gone when the daemon exits).
  std::string passthrough_dir;
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

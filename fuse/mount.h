// Mount: serve an AttestFs over FUSE. The caller (the CLI) has ALREADY verified the attestation
// and hands over the verified manifest plus a content source. Nothing here includes FUSE headers;
// mount_daemon.cc (Mount) and mounted_fs.cc (MountedFs) implement these entry points over
// FuseSession (fuse_session.h) and the libfuse 3.14 low-level callbacks (fuse_ops.h).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "content/blob_source.h"
#include "content/verified_reader.h"
#include "fuse/mount_options.h"

namespace attestfs::fs {

class AttestFs;

struct MountRequest {
  std::string source_name;  // shown as the source in /proc/mounts (e.g. "dir:/models/bert")
  std::string mountpoint;
  attestation::FileManifest manifest;  // verified
  std::shared_ptr<content::BlobSource> source;
  // Alternative to `source`: called in the serving process (after the fork in daemon mode), for
  // sources that own threads or connections, which do not survive fork(2).
  std::function<Result<std::shared_ptr<content::BlobSource>>()> source_factory;
  MountOptions options;
  content::VerifiedReaderOptions reader;  // tuning; chunk_size comes from the manifest
  int max_threads = 16;                   // FUSE worker threads
};

// Mounts and serves until unmounted (umount, fusermount3 -u, or SIGTERM/SIGINT/SIGHUP, which
// unmount cleanly).
// - options.foreground: runs in this process; returns OkStatus after a clean unmount, or the
//   error if the mount could not be set up.
// - otherwise: forks. The child mounts and reports through a pipe; the parent returns OkStatus
//   only once the mount is live (or the child's error) and the caller should then exit. A child
//   that has not reported within options.mount_timeout_seconds (-o timeout=) is killed with its
//   process group and reaped, and Mount returns kTimeout. The child never returns from Mount:
//   it _exit()s after unmount. Call it before starting threads (or let `source_factory` create
//   thread-owning sources in the child).
// Logs (verification failures) go to options.log, else syslog.
Status Mount(MountRequest request);

// An in-process mount served on background threads (tests, embedding). Signals are untouched.
class MountedFs {
 public:
  static Result<std::unique_ptr<MountedFs>> Start(MountRequest request);
  ~MountedFs();  // unmounts

  // Unmounts (lazily, so the call never blocks on busy files) and joins the FUSE threads.
  Status Unmount();
  AttestFs& fs();

  struct Impl;

 private:
  explicit MountedFs(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attestfs::fs

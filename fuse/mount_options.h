// MountOptions: the `-o` option list of `mount -t attestfs` / `attestfs mount`, parsed once.
// Trust options (key, ca_roots, identity, policy, attestation, store, name) are used by the
// application to verify the attestation before mounting; the rest configure the filesystem.
// mount(8)'s generic options are accepted (ro, nodev, nosuid, exec, noexec, suid, dev) or ignored
// (auto, noauto, user, _netdev, defaults, ...); rw is refused; unknown options are an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::fs {

inline constexpr int kDefaultFetchTimeoutSeconds = 60;
inline constexpr int kMaxFetchTimeoutSeconds = 3600;
inline constexpr int kDefaultMountTimeoutSeconds = 30;
inline constexpr int kMaxMountTimeoutSeconds = 3600;

struct MountOptions {
  // Trust material and evidence lookup (see mount.attestfs(8)).
  std::string key;          // public key file(s) of the signer, ':'-separated
  std::string ca_roots;     // Sigstore/X.509 trust roots
  std::string identity;     // expected signer identity (certificate SAN / issuer)
  std::string policy;       // policy file evaluated before mounting
  std::string attestation;  // explicit attestation file (DSSE/bundle)
  std::string store;        // attestation store directory
  std::string name;         // name in the store (default: the source's absolute path)
  // Filesystem behaviour.
  std::string cache;  // verified chunk cache directory for registry sources (root-only)
  std::string trace;  // access trace file (JSON Lines)
  std::string log;    // log file for verification failures (default: syslog)
  std::string stats;  // registry sources: transfer counters rewritten after every fetch (JSON)
  int read_ahead_chunks =
      -1;  // readahead=N: chunks prefetched past sequential reads (-1 = default)
  // fetch_timeout=SECONDS: registry sources give up on one fetch after this long (EIO).
  int fetch_timeout_seconds = kDefaultFetchTimeoutSeconds;
  // timeout=SECONDS: a daemonized mount whose daemon has not reported the mount live by then
  // (e.g. stat(2) of a mountpoint inside a hung FUSE mount) is killed and fails (kTimeout).
  int mount_timeout_seconds = kDefaultMountTimeoutSeconds;
  // Registry access (credentials only from auth files, never in options).
  bool plain_http = false;
  std::string ca_file;
  std::string authfile;
  // FUSE / VFS.
  bool allow_other = false;
  bool foreground = false;
  bool debug = false;
  bool nodev = true;
  bool nosuid = true;
  bool noexec = false;
  std::vector<std::string> ignored;  // mount(8) options accepted and ignored, as given
};

// Parses a comma-separated option list ("ro,key=/k.pub,cache=/var/cache/attestfs"). A value may
// be double-quoted to contain commas. With `sloppy` (mount -s) unknown options are ignored
// (recorded in `ignored`) instead of rejected. Options accumulate onto `base` when given.
Result<MountOptions> ParseMountOptions(std::string_view list, bool sloppy = false,
                                       MountOptions base = {});

}  // namespace attestfs::fs

// ParseMountOptionList: the `-o` option list of `mount -t attestfs` / `attestfs mount`, parsed
// once into what the application needs to prepare the mount (app::MountSpec: trust, evidence,
// registry access) and what the filesystem needs (fs::MountOptions), plus the read-ahead depth.
// mount(8)'s generic options are accepted (ro, nodev, nosuid, exec, noexec, suid, dev) or
// ignored (auto, noauto, user, _netdev, defaults, ...); rw is refused; unknown options are an
// error (with `sloppy`, mount -s, they are ignored too).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/mount_spec.h"
#include "base/result.h"
#include "fuse/mount_options.h"

namespace attestfs::cli {

struct MountOptionList {
  app::MountSpec spec;  // source left empty: the caller sets it
  fs::MountOptions fs;
  int read_ahead_chunks = -1;        // readahead=N (-1 = the default)
  std::vector<std::string> ignored;  // mount(8) options accepted and ignored, as given
};

// A value may be double-quoted to contain commas ("key=/a:/b,identity=\"x,y\"").
Result<MountOptionList> ParseMountOptionList(std::string_view list, bool sloppy = false);

}  // namespace attestfs::cli

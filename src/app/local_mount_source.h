// LocalMountSource: a model directory on this machine (dir:PATH or an existing path). Evidence:
// the spec's attestation file, else the store's attestations by name (default: the directory's
// absolute path). Bytes are read from the directory by content::LocalBlobSource.
#pragma once

#include "app/mount_source.h"

namespace attestfs::app {

class LocalMountSource final : public MountSource {
 public:
  Result<PreparedMount> Prepare(const MountSpec& spec, MountReport* report) override;
};

}  // namespace attestfs::app

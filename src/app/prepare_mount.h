// PrepareMount: picks the MountSource for a spec's source (a registry reference, else a local
// directory) and prepares the mount: evidence found and verified, policy evaluated, the verified
// file list and the byte source returned. Nothing is mounted here (fs::Mount does that).
#pragma once

#include <memory>

#include "app/mount_source.h"

namespace attestfs::app {

// The source kind for `spec.source`: RegistryMountSource or LocalMountSource.
std::unique_ptr<MountSource> MountSourceFor(const MountSpec& spec);

Result<PreparedMount> PrepareMount(const MountSpec& spec, MountReport* report);

}  // namespace attestfs::app

// PrepareMount: source kind by the TARGET grammar, then MountSource::Prepare.
#include "app/prepare_mount.h"

#include "app/local_mount_source.h"
#include "app/registry_mount_source.h"

namespace attestfs::app {

std::unique_ptr<MountSource> MountSourceFor(const MountSpec& spec) {
  if (auto ref = RegistrySourceReference(spec.source))
    return std::make_unique<RegistryMountSource>(std::move(*ref));
  return std::make_unique<LocalMountSource>();
}

Result<PreparedMount> PrepareMount(const MountSpec& spec, MountReport* report) {
  MountReport ignored;
  return MountSourceFor(spec)->Prepare(spec, report != nullptr ? report : &ignored);
}

}  // namespace attestfs::app

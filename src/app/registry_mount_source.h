// RegistryMountSource: a model artifact in a registry (`registry:REF`, or a reference such as
// `host/repo:tag` or `host/repo@sha256:...` that is not an existing path). Before anything is
// mounted the manifest is resolved, the evidence found (referrers first, then the attestation
// file, then the store) and verified, the artifact's layout checked one-to-one against the
// attested files and the policy evaluated. What verified is then saved to the cache (spec.cache,
// default VerifiedArtifactCache::DefaultDir()); when the registry is unreachable the cached copy
// is re-verified the same way (signature with the given trust material, manifest and config
// against their digests) and mounted instead, serving chunks from the verified chunk cache.
#pragma once

#include <optional>
#include <string>

#include "app/mount_source.h"

namespace attestfs::app {

// The reference text when `source` names a registry artifact: "registry:REF" always; a bare
// SRC only when it is not an existing path and contains a '/' (host/repo...). Else nullopt.
std::optional<std::string> RegistrySourceReference(const std::string& source);

class RegistryMountSource final : public MountSource {
 public:
  // `reference`: what RegistrySourceReference found in the spec's source.
  explicit RegistryMountSource(std::string reference) : reference_(std::move(reference)) {}
  // Errors: kInvalidArgument (reference), and those of MountSource::Prepare.
  Result<PreparedMount> Prepare(const MountSpec& spec, MountReport* report) override;

 private:
  std::string reference_;
};

}  // namespace attestfs::app

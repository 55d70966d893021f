// Registry sources of `attestfs mount` / mount.attestfs: `registry:REF`, or a reference
// (`host/repo:tag`, `host/repo@sha256:...`) that is not an existing path. Before anything is
// mounted the manifest is resolved, the evidence found (referrers first, then attestation=,
// then the store) and verified, the artifact's layout checked one-to-one against the attested
// files and policy= evaluated. What verified is then saved to the cache (-o cache=DIR, default
// VerifiedArtifactCache::DefaultDir()); when the registry is unreachable the cached copy is
// re-verified the same way (signature with the given trust material, manifest and config
// against their digests) and mounted instead, serving chunks from the verified chunk cache.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "fuse/mount.h"
#include "fuse/mount_options.h"

namespace attestfs::cli {

// The reference text when `source` names a registry artifact: "registry:REF" always; a bare
// SRC only when it is not an existing path and contains a '/' (host/repo...). Else nullopt.
std::optional<std::string> RegistrySourceReference(const std::string& source);

// Verifies as described above and returns the request to hand to fs::Mount. The content
// source is created by `source_factory` in the serving process (it owns a connection).
// Errors: kInvalidArgument (reference), kUsage (no trust material), kVerificationFailed /
// kPolicyDenied (nothing verified), kNetwork (unreachable and nothing cached).
Result<fs::MountRequest> PrepareRegistryMount(const std::string& reference,
                                              const std::string& mountpoint,
                                              fs::MountOptions options);

}  // namespace attestfs::cli

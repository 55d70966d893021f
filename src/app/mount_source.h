// MountSource: the seam between a kind of mount source and the verifying filesystem. A source
// finds the evidence for what it serves, verifies it (signature, binding to the artefact,
// policy) and hands back a PreparedMount: the verified file list and where the (unverified)
// bytes come from — the filesystem checks every byte against the list before serving it. A new
// kind of source is one new implementation of this interface, chosen in prepare_mount.cc.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/mount_spec.h"
#include "attestation/file_manifest.h"
#include "base/result.h"
#include "content/blob_source.h"
#include "policy/decision.h"

namespace attestfs::app {

struct PreparedMount {
  std::string source_name;             // shown in /proc/mounts ("dir:/m", "registry:h/r:t@...")
  attestation::FileManifest manifest;  // verified
  // The bytes: `source`, or `source_factory` for sources that own threads or connections and
  // must be created in the serving process (after the daemon's fork).
  std::shared_ptr<content::BlobSource> source;
  std::function<Result<std::shared_ptr<content::BlobSource>>()> source_factory;
  std::string chunk_cache_dir;  // registry sources: the verified chunk cache for the daemon
};

// What preparing a mount has to say besides its result, success or not: warnings (served from
// the offline cache, not cached) and the policy decision (printed by the front end on a denial).
struct MountReport {
  std::vector<std::string> warnings;
  std::optional<policy::Decision> decision;
};

class MountSource {
 public:
  virtual ~MountSource() = default;
  // Errors: kUsage (no trust material), kVerificationFailed / kPolicyDenied (nothing verified,
  // or the policy denied), kNetwork (unreachable and nothing cached), others from the source.
  virtual Result<PreparedMount> Prepare(const MountSpec& spec, MountReport* report) = 0;
};

}  // namespace attestfs::app

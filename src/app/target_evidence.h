// BuildTargetEvidence: the `bom` use case up to signing — evidence about any TARGET. Model
// directories, files and git trees are scanned into a CycloneDX ML-BOM or a model-signing
// manifest; a registry model (registry:REF) is first pulled, digest-checked, into a temporary
// directory; images (registry, OCI layout, archives) get the image SBOM with the manifest digest
// as subject. With an attach target (registry:REF itself, or --oci REF for a local target) the
// files must match that artifact's layers one to one (an image: its manifest digest), and
// CycloneDX evidence also names the manifest digest. Signing and publishing is
// EvidencePublisher's; printing is the front end's. Prints nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evidence_builder.h"
#include "app/oci_evidence.h"
#include "attestation/file_manifest.h"
#include "attestation/statement.h"
#include "base/clock.h"
#include "base/progress_sink.h"
#include "base/result.h"
#include "targets/target_spec.h"

namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::app {

struct TargetEvidenceRequest {
  targets::TargetSpec target;
  PredicateKind predicate = PredicateKind::kCycloneDx;
  std::string name;  // subject name ("" = the target's default, or the repository)
  std::vector<std::string> include, exclude;
  uint64_t chunk_size = attestation::kDefaultChunkSize;
  oci::RegistryConnection* registry = nullptr;  // registry:REF targets and attach_to
  std::string attach_to;             // --oci REF: a local target's artifact in a registry
  const Clock* clock = nullptr;      // creation time (SOURCE_DATE_EPOCH wins); default: system
  ProgressSink* progress = nullptr;  // bytes hashed (not owned; may be null)
};

struct TargetEvidence {
  attestation::Statement statement;
  std::optional<OciAttachTarget> attach;  // where signed evidence is attached, when anywhere
  std::vector<std::string> warnings;      // git: uncommitted changes, missing LFS content
  // Images: what the SBOM lists.
  bool image = false;
  digest::Digest manifest_digest;
  size_t files = 0, os_packages = 0, python = 0, models = 0;
};

// kUsage for options that do not apply to the target kind; kVerificationFailed when the files or
// image do not match the attach target.
Result<TargetEvidence> BuildTargetEvidence(const TargetEvidenceRequest& request);

}  // namespace attestfs::app

// Evidence about container images (`attestfs bom oci-layout:DIR[:TAG] | oci-archive:FILE |
// docker-archive:FILE | registry:IMAGE`): the image is opened (blobs digest-verified), its
// filesystem scanned, and the CycloneDX image SBOM statement built with the manifest digest as
// subject (image/ does the work; this is the CLI glue).
#pragma once

#include <cstdint>
#include <string>

#include "attestation/statement.h"
#include "base/result.h"
#include "digest/digest.h"
#include "targets/target_spec.h"

namespace attestfs::oci {
class RegistryClient;
}

namespace attestfs::app {

struct ImageEvidence {
  attestation::Statement statement;
  digest::Digest manifest_digest;
  std::string default_name;  // image::DefaultSubjectName (repository, or file name[:TAG])
  size_t files = 0, os_packages = 0, python = 0, models = 0;
};

// `target` is a parsed image TARGET (registry:, oci-layout:, ...); `registry` is needed for
// registry: targets. An empty `name` uses the default name.
Result<ImageEvidence> BuildImageEvidence(const targets::TargetSpec& target,
                                         oci::RegistryClient* registry, const std::string& name,
                                         int64_t created_unix);

}  // namespace attestfs::app

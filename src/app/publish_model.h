// PublishModel: the `push` use case — a model directory is scanned, pushed as a ModelPack
// artifact (config and layers in parallel, then the manifest), and, when a publisher is given,
// its evidence (CycloneDX naming the pushed manifest digest too, or model-signing) is signed,
// stored and attached to that manifest as a referrer. Prints nothing.
#pragma once

#include <optional>
#include <string>

#include "app/evidence_builder.h"
#include "app/evidence_publisher.h"
#include "base/clock.h"
#include "base/progress_sink.h"
#include "base/result.h"
#include "oci/descriptor.h"
#include "oci/reference.h"
#include "targets/target_spec.h"

namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::app {

struct PublishModelRequest {
  targets::TargetSpec target;  // dir: (or a path)
  oci::Reference ref;          // where to push (tag, or by digest when none)
  oci::RegistryConnection* registry = nullptr;
  const EvidencePublisher* publisher = nullptr;  // sign and attach evidence when set
  PredicateKind predicate = PredicateKind::kCycloneDx;
  std::string name;                  // subject name ("" = the target's default)
  const Clock* clock = nullptr;      // creation time (SOURCE_DATE_EPOCH wins); default: system
  ProgressSink* progress = nullptr;  // bytes hashed by the scan (transfers report through the
                                     // registry connection's own sink)
};

struct PublishedModel {
  oci::Descriptor manifest;
  std::optional<PublishedEvidence> evidence;
};

Result<PublishedModel> PublishModel(const PublishModelRequest& request);

}  // namespace attestfs::app

// AdmissionRequest: what attestfs needs from an `admission.k8s.io/v1` AdmissionReview — the
// request's identity (uid, kind, namespace, operation) and every artefact reference the pod
// would run or mount: the images of containers, initContainers and ephemeralContainers, image
// volumes (`spec.volumes[].image.reference`, Kubernetes >= 1.31) and model references named by
// annotation (`attestfs.dev/models: REF[,REF]`), each with the JSON pointer a patch pinning it
// would replace. Pods and every kind with a pod template are understood (Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::admission {

struct WorkloadReference {
  enum class Source { kContainer, kInitContainer, kEphemeralContainer, kImageVolume, kModel };
  Source source = Source::kContainer;
  std::string reference;  // as written in the object
  std::string owner;      // container or volume name ("" for models)
  // RFC 6901 pointer to the string a pin replaces. For kModel it is the annotation, which
  // holds every model reference of the list.
  std::string pointer;
};

std::string_view SourceName(WorkloadReference::Source source);  // "container", "image volume"...

struct AdmissionRequest {
  std::string uid;
  std::string api_version;  // of the review ("admission.k8s.io/v1")
  std::string kind;         // request.kind.kind ("Pod", "Deployment", ...)
  std::string sub_resource;
  std::string name;
  std::string namespace_;
  std::string operation;  // CREATE, UPDATE, DELETE, CONNECT
  bool dry_run = false;
  bool understood = false;  // a pod or a kind with a pod template
  std::vector<WorkloadReference> references;
  std::vector<std::string> pull_secrets;  // imagePullSecrets[].name
  std::string model_annotation_value;     // the annotation's text, when present
};

// The references of a model annotation value ("REF[,REF]"), trimmed, empty items dropped.
std::vector<std::string> SplitModelList(std::string_view value);

// Parses the body of a POST from the API server. kMalformed names what is wrong: not JSON,
// nested too deep, not an AdmissionReview, an apiVersion other than admission.k8s.io/v1, no
// request or uid, a field of the wrong type. `model_annotation` is the annotation key read.
Result<AdmissionRequest> ParseAdmissionRequest(std::string_view body,
                                               std::string_view model_annotation);

}  // namespace attestfs::admission

// `attestfs verify` for OCI artifacts: a model artifact or image in a registry (REF), or a
// container image in an OCI layout / oci-archive / docker-archive. Evidence comes from REF's
// referrers (each checked to name that manifest as subject), from the layout's referrers, and
// for local images from the store (by manifest digest). Signatures are verified with the trust
// in effect; the newest verified content evidence is checked against the artifact — a model's
// files one to one with its layers; an image's manifest digest as the statement subject and the
// config and every layer blob re-read and digest-checked. Optional policy evaluation over every
// verified document, and signing that evaluation (attached as a referrer for registry targets).
#pragma once

#include <string>

#include "app/evaluation_signing.h"
#include "cli/registry_options.h"
#include "keys/trust_policy.h"
#include "targets/target_spec.h"

namespace attestfs::policy {
class PolicyFile;
}

namespace attestfs::cli {

struct ArtifactVerifyRequest {
  targets::TargetSpec target;  // kRegistry, kOciLayout, kOciArchive or kDockerArchive
  const keys::TrustPolicy* trust = nullptr;
  const policy::PolicyFile* policy = nullptr;  // optional
  RegistryFlags registry;
  std::string format = "text";    // text | json | sarif
  app::SignEvaluationFlags sign;  // optional: sign the evaluation (and attach it to REF)
  std::string store;              // local store: image evidence, signed evaluations
};

// True for the target kinds RunArtifactVerify handles.
bool IsArtifactTarget(const targets::TargetSpec& target);

// Prints the verdict (text/json/sarif) and returns the exit code (0, 1 failed/denied, 2, 3).
int RunArtifactVerify(const ArtifactVerifyRequest& request);

}  // namespace attestfs::cli

// `attestfs verify REF` for a model artifact or container image in a registry: the referrers of
// REF's manifest are fetched (each checked to name that manifest as subject), their signatures
// verified with the trust in effect, and the newest verified content evidence checked against
// the artifact — a model's files one to one with its layers; an image's manifest digest as the
// statement subject and every layer blob re-fetched and digest-checked. Optional policy
// evaluation over every verified referrer, and signing + attaching that evaluation.
#pragma once

#include <string>

#include "cli/evaluation_signing.h"
#include "cli/registry_options.h"
#include "keys/trust_policy.h"

namespace attestfs::policy {
class PolicyFile;
}

namespace attestfs::cli {

struct RegistryVerifyRequest {
  std::string reference;  // host[:port]/repo[:tag][@digest] (no "registry:" prefix)
  const keys::TrustPolicy* trust = nullptr;
  const policy::PolicyFile* policy = nullptr;  // optional
  RegistryFlags registry;
  std::string format = "text";  // text | json | sarif
  SignEvaluationFlags sign;     // optional: sign the evaluation and attach it to REF
  std::string store;            // local store for the signed evaluation
};

// Prints the verdict (text/json/sarif) and returns the exit code (0, 1 failed/denied, 2, 3).
int RunRegistryVerify(const RegistryVerifyRequest& request);

}  // namespace attestfs::cli

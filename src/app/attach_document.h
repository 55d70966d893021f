// AttachDocument: the `attach` use case — an existing DSSE envelope or Sigstore bundle pushed as a
// referrer of an artifact. With trust material its signature must verify first; without, only
// its predicate type and creation time are read (for the referrer's annotations) and a warning
// says so. Prints nothing.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "keys/trust_policy.h"

namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::app {

struct AttachRequest {
  std::string ref;                           // the artifact (tag or digest)
  std::string file;                          // the envelope or bundle
  const keys::TrustPolicy* trust = nullptr;  // verify before attaching when set
  oci::RegistryConnection* registry = nullptr;
};

struct AttachResult {
  std::string referrer;               // the referrer manifest digest
  std::vector<std::string> warnings;  // unverified; no subject names the artifact
};

// kVerificationFailed when the signature does not verify under `trust` (nothing is pushed).
Result<AttachResult> AttachDocument(const AttachRequest& request);

}  // namespace attestfs::app

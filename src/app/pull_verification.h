// VerifyPulledModel: what `pull --key` checks before a pulled model is renamed into place — the
// newest content evidence among the manifest's referrers that verifies under `trust` and names
// that manifest, compared file by file with the pulled temporary tree (a raw layer's bytes were
// digest-checked as they arrived; only files from packed layers are hashed here).
#pragma once

#include <string>

#include "base/result.h"
#include "keys/trust_policy.h"
#include "oci/descriptor.h"
#include "oci/reference.h"
#include "verify/signed_attestation.h"

namespace attestfs::oci {
class RegistryConnection;
}

namespace attestfs::app {

// The evidence that decided; kVerificationFailed naming the differences or why nothing verified.
Result<verify::VerifiedAttestation> VerifyPulledModel(oci::RegistryConnection& conn,
                                                      const oci::Reference& ref,
                                                      const keys::TrustPolicy& trust,
                                                      const std::string& temp_dir,
                                                      const oci::Descriptor& manifest);

}  // namespace attestfs::app

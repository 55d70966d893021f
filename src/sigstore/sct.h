// Embedded SCTs (RFC 6962 signed certificate timestamps in the leaf's 1.3.6.1.4.1.11129.2.4.2
// extension): each names a CT log by id; the one from a trusted CT log must verify over the
// precertificate entry (the leaf's TBS without the SCT extension, and the issuer's key hash).
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

// OK when at least one embedded SCT is from one of `ctlogs` (valid at the SCT's time) and its
// signature verifies. kVerificationFailed naming why not.
Status VerifyEmbeddedScts(std::string_view leaf_der, std::string_view issuer_der,
                          const std::vector<TransparencyLog>& ctlogs);

}  // namespace attestfs::sigstore

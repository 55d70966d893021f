// RFC 3161 timestamps from a Sigstore bundle (timestampVerificationData.rfc3161Timestamps[]
// .signedTimestamp: a whole DER TimeStampResp): the token must be signed by a timestamp
// authority of the trusted root (chain checked at the token's genTime, embedded certificates
// or not), cover the given signature bytes, and fall inside that authority's validFor window.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sigstore/trusted_root.h"

namespace attestfs::sigstore {

// The verified genTime (seconds since the epoch), or kVerificationFailed / kMalformed naming
// the step that failed.
Result<int64_t> VerifyRfc3161Timestamp(std::string_view timestamp_der, std::string_view signed_data,
                                       const std::vector<CertificateAuthority>& tsas);

}  // namespace attestfs::sigstore

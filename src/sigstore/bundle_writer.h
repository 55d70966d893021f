// WriteBundle: a Sigstore bundle v0.3 (application/vnd.dev.sigstore.bundle.v0.3+json) from a
// Bundle — the leaf certificate alone (v0.3 forbids chains), tlog entries with inclusion promise
// and proof, RFC 3161 timestamps, and a message signature or DSSE envelope. The inverse of
// Bundle::Parse for what keyless signing assembles.
#pragma once

#include <string>

#include "sigstore/bundle.h"

namespace attestfs::sigstore {

std::string WriteBundle(const Bundle& bundle);

}  // namespace attestfs::sigstore

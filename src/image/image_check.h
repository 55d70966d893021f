// CheckImageBinding: does a statement describe this image, and is the image intact? The
// statement must have a subject whose sha256 is the manifest digest; then the config and every
// layer blob are read again (downloaded again from a registry) and their size and digest checked.
// When the predicate is an attestfs image BOM, its config/layer list must equal the manifest's.
// Signature checks are the caller's (verify/); this is the content binding only.
#pragma once

#include "attestation/statement.h"
#include "base/result.h"
#include "image/opened_image.h"

namespace attestfs::image {

// kVerificationFailed naming the manifest digest or the failing blob's digest.
Status CheckImageBinding(OpenedImage& image, const attestation::Statement& statement);

}  // namespace attestfs::image

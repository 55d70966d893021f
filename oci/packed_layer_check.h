// Packed model layers against the model's file list: every member of a ModelPack tar layer must
// be a file the list (the config's packed-file entries) places in that layer, at that offset
// and size, or a parent directory of one. Anything else — a member appended by someone with
// push access, a renamed header — is content no evidence covers, refused by name. Used by
// `pull` before extracting, and by `verify REF` / `copy --key` before anything is trusted.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "oci/artifact_store.h"
#include "oci/manifest.h"
#include "oci/model_layout.h"

namespace attestfs::oci {

// Checks the tar in `fd` (`size` bytes) that is layer `layer` of a model with `layout`.
// kVerificationFailed naming the member and the layer.
Status CheckPackedLayer(int fd, uint64_t size, const ModelLayout& layout,
                        const digest::Digest& layer);

// Fetches each layer of `manifest` that holds packed files (digest-verified by the store) into
// a private temporary directory under `temp_dir` and checks it; nothing is kept.
Status CheckPackedLayers(ArtifactStore& store, const Manifest& manifest, const ModelLayout& layout,
                         const std::string& temp_dir = "/tmp");

}  // namespace attestfs::oci

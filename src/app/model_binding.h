// BindModelArtifact: the ModelPack binding strategy — verified evidence about a model's files
// holds for a model artifact only when the artifact's layout (manifest + config, read from the
// store and digest-checked) matches the attested files one to one, every layer holds a listed
// file, and (with check_packed) every member of every packed tar layer is a listed file at its
// listed place. Used by verify REF, copy --key and pull; the registry mount checks the layout
// and verifies packed members as it serves them.
#pragma once

#include <string>

#include "attestation/file_manifest.h"
#include "base/result.h"
#include "oci/artifact_store.h"
#include "oci/model_layout.h"

namespace attestfs::app {

// `manifest_bytes`: the root manifest as fetched (its digest already checked by the store).
// Returns the layout; kVerificationFailed naming the first layer or file that does not match.
Result<oci::ModelLayout> BindModelArtifact(oci::ArtifactStore& store,
                                           const std::string& manifest_bytes,
                                           const attestation::FileManifest& files,
                                           bool check_packed);

}  // namespace attestfs::app

// BindModelArtifact: config (bounded read) -> layout -> one-to-one with the files -> packed layers.
#include "app/model_binding.h"

#include "base/temp_dir.h"
#include "oci/manifest.h"
#include "oci/packed_layer_check.h"

namespace attestfs::app {

Result<oci::ModelLayout> BindModelArtifact(oci::ArtifactStore& store,
                                           const std::string& manifest_bytes,
                                           const attestation::FileManifest& files,
                                           bool check_packed) {
  AFS_ASSIGN_OR_RETURN(auto manifest, oci::Manifest::Parse(manifest_bytes));
  AFS_ASSIGN_OR_RETURN(auto config,
                       store.FetchBlobBytes(manifest.config, oci::kMaxModelConfigBytes));
  AFS_ASSIGN_OR_RETURN(auto layout, oci::ParseModelLayout(manifest_bytes, config));
  AFS_TRY(oci::CheckLayoutMatchesFiles(layout, files));
  if (check_packed) {
    AFS_ASSIGN_OR_RETURN(TempDir tmp, TempDir::Create("attestfs-packed"));
    AFS_TRY(oci::CheckPackedLayers(store, manifest, layout, tmp.path()));
  }
  return layout;
}

}  // namespace attestfs::app

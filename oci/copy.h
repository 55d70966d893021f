// Copy: moves an artifact or image (manifest or index, recursively) WITH its referrers from one
// ArtifactStore to another — registry to registry, registry to OCI layout and back. Manifests
// are copied byte-exact, so digests are preserved; every blob is verified on the way.
// Library entry point for `attestfs copy REF DEST`.
#pragma once

#include <string>

#include "oci/artifact_store.h"

namespace attestfs::oci {

struct CopyOptions {
  bool referrers = true;  // also copy referrers (and their referrers, up to max_depth)
  int max_depth = 3;
  int workers = 3;                // parallel blob transfers
  std::string temp_dir = "/tmp";  // blobs are staged here between stores
};

struct CopyResult {
  Descriptor root;
  int manifests_copied = 0;
  int blobs_copied = 0;  // blobs the destination did not have
  int referrers_copied = 0;
};

// Copies `src_ref` (tag or digest in `src`) to `dst` under `dst_tag` (empty: by digest only;
// an OCI layout needs a tag to keep the root reachable from index.json).
Result<CopyResult> Copy(ArtifactStore& src, const std::string& src_ref, ArtifactStore& dst,
                        const std::string& dst_tag, const CopyOptions& options = {});

}  // namespace attestfs::oci

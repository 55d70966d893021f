// Push and pull model directories as ModelPack artifacts (library entry points for
// `attestfs push TARGET REF` and `attestfs pull REF DIR`).
//
//   PushModel(client, dir, file_manifest, ref, opts) -> manifest descriptor (stdout: its digest)
//   PullModel(client, ref, dest, opts) -> downloads into a temp dir next to dest, verifies every
//     blob's digest and size, refuses paths that escape dest, runs opts.before_commit (the CLI's
//     signature verification) and only then renames the tree into place.
#pragma once

#include <functional>
#include <string>

#include "attestation/file_manifest.h"
#include "oci/manifest.h"
#include "oci/model_artifact.h"
#include "oci/model_layout.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

class EarlyUploads;

struct PushModelOptions {
  ModelBuildOptions build;
  std::string mount_from;  // repository on the same registry to mount blobs from
  // Uploads of large raw-layer files started while they were hashed (not owned; may be null):
  // PushModel finishes them with the digests from `files` instead of uploading again.
  EarlyUploads* early = nullptr;
};

struct PushedModel {
  Descriptor manifest;
  ModelArtifact artifact;
};

// Uploads config + layers (in parallel, skipping blobs the registry has), then the manifest to
// ref's tag (or by digest when ref has none).
Result<PushedModel> PushModel(RegistryClient& client, const std::string& dir,
                              const attestation::FileManifest& files, const Reference& ref,
                              const PushModelOptions& options = {});

struct PullModelOptions {
  // Called with the temp directory (complete, digest-verified) before it is renamed to dest;
  // an error aborts the pull and removes the temp directory.
  std::function<Status(const std::string& temp_dir, const Descriptor& manifest,
                       const Manifest& parsed)>
      before_commit;
  bool allow_non_model = false;  // accept manifests that are not ModelPack (paths from titles)
};

struct PulledModel {
  Descriptor manifest;
  ModelLayout layout;
};

// `dest` must not exist, or be an empty directory.
Result<PulledModel> PullModel(RegistryClient& client, const Reference& ref, const std::string& dest,
                              const PullModelOptions& options = {});

// Fetches the manifest and config of a pushed model and returns its file layout.
Result<PulledModel> LoadModelLayout(RegistryClient& client, const Reference& ref);

}  // namespace attestfs::oci

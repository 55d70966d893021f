// RegistryBlobSource: content::BlobSource over a model artifact in a registry. Maps a file
// (by path) to its layer and offset (ModelLayout: raw layer at offset 0, or a packed tar member)
// and answers with a ranged GET. The bytes are UNVERIFIED here by design: content::VerifiedReader
// checks them against the attested chunk digests before anything is served.
#pragma once

#include "content/blob_source.h"
#include "oci/model_layout.h"
#include "oci/registry_client.h"

namespace attestfs::oci {

class RegistryBlobSource final : public content::BlobSource {
 public:
  // `repo` names the repository (tag/digest ignored); `client` must outlive this object.
  RegistryBlobSource(RegistryClient& client, Reference repo, ModelLayout layout)
      : client_(client), repo_(std::move(repo)), layout_(std::move(layout)) {}

  Result<std::string> ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                uint64_t length) override;
  bool IsRemote() const override { return true; }

 private:
  RegistryClient& client_;
  Reference repo_;
  ModelLayout layout_;  // immutable after construction: safe for concurrent readers
};

}  // namespace attestfs::oci

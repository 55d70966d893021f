// BlobStore (internal to the image module): where an opened image's blobs live — an OCI layout
// directory, files extracted from an archive, or a registry (downloaded on demand). It only
// locates bytes; BlobReader verifies them.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "digest/digest.h"
#include "oci/descriptor.h"
#include "oci/reference.h"

namespace attestfs::oci {
class RegistryClient;
}

namespace attestfs::image {

struct LocalBlob {
  std::string path;
  bool temporary = false;  // a download the caller removes once it has opened it
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // A local file holding the (unverified) bytes of `d`.
  virtual Result<LocalBlob> Locate(const oci::Descriptor& d) = 0;
  // Cheap presence and size check without reading content (a no-op for registries).
  virtual Status CheckPresent(const oci::Descriptor& d) = 0;
  // True when Locate downloads (so a second Locate fetches the blob again).
  virtual bool IsRemote() const { return false; }
};

// blobs/<alg>/<hex> under an OCI layout directory.
std::unique_ptr<BlobStore> MakeLayoutStore(std::string dir);
// A fixed digest -> file map (archives).
std::unique_ptr<BlobStore> MakeFileMapStore(std::map<digest::Digest, std::string> files);
// Downloads each blob into `temp_dir` with RegistryClient::FetchBlobToFile (digest-verified).
std::unique_ptr<BlobStore> MakeRegistryStore(oci::RegistryClient* client, oci::Reference repo,
                                             std::string temp_dir);

}  // namespace attestfs::image

// RegistryBlobSource: file range -> layer range -> ReadRangeUnverified.
#include "oci/registry_blob_source.h"

#include <algorithm>

namespace attestfs::oci {

Result<std::string> RegistryBlobSource::ReadRange(const attestation::FileEntry& file,
                                                  uint64_t offset, uint64_t length) {
  auto it = layout_.find(file.path);
  if (it == layout_.end()) {
    return Error(Errc::kNotFound, "file '" + file.path + "' is not in " + repo_.RepositoryName());
  }
  const ModelFileLocation& loc = it->second;
  if (offset >= loc.size || length == 0) return std::string();
  uint64_t n = std::min(length, loc.size - offset);
  auto got = client_.ReadRangeUnverified(repo_, loc.layer, loc.offset + offset, n);
  if (!got.ok()) return got.error().Context("read " + file.path);
  if (got->size() > n) got->resize(n);  // never more than asked
  return got;
}

}  // namespace attestfs::oci

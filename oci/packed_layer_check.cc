// CheckPackedLayer(s): tar members of packed model layers vs the model's file list.
#include "oci/packed_layer_check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "base/temp_dir.h"
#include "base/unique_fd.h"
#include "oci/tar_layout.h"

namespace attestfs::oci {
namespace {

bool IsParentOf(const std::string& dir, const std::string& path) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         path[dir.size()] == '/';
}

}  // namespace

Status CheckPackedLayer(int fd, uint64_t size, const ModelLayout& layout,
                        const digest::Digest& layer) {
  std::map<uint64_t, const ModelFileLocation*> members;  // content offset -> listed file
  for (const auto& [path, loc] : layout) {
    if (loc.packed && loc.layer == layer) members[loc.offset] = &loc;
  }
  auto uncovered = [&layer](const std::string& path) {
    return Error(Errc::kVerificationFailed,
                 "layer " + layer.ToString() + " holds '" + path +
                     "', which the model's file list does not place there: not covered by the "
                     "evidence");
  };
  std::set<uint64_t> seen;
  AFS_TRY(ScanTar(
      fd, size,
      [&](const std::string& path, bool is_dir, unsigned, uint64_t off, uint64_t len) -> Status {
        if (is_dir) {
          for (const auto& [o, loc] : members) {
            if (IsParentOf(path, loc->path)) return OkStatus();
          }
          return uncovered(path + "/");
        }
        auto it = members.find(off);
        if (it == members.end() || it->second->path != path || it->second->size != len ||
            !seen.insert(off).second) {
          return uncovered(path);
        }
        return OkStatus();
      }));
  for (const auto& [off, loc] : members) {
    if (!seen.count(off)) {
      return Error(Errc::kVerificationFailed, "layer " + layer.ToString() + " lacks '" + loc->path +
                                                  "', which the file list places there");
    }
  }
  return OkStatus();
}

Status CheckPackedLayers(ArtifactStore& store, const Manifest& manifest, const ModelLayout& layout,
                         const std::string& temp_dir) {
  std::set<digest::Digest> packed;
  for (const auto& [path, loc] : layout) {
    if (loc.packed) packed.insert(loc.layer);
  }
  if (packed.empty()) return OkStatus();
  AFS_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateIn(temp_dir, "attestfs-packed"));
  const std::string& dir = tmp.path();
  for (const Descriptor& l : manifest.layers) {
    if (!packed.count(l.digest)) continue;
    std::string path = dir + "/" + l.digest.Hex();
    AFS_TRY(store.FetchBlobToFile(l, path));
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return ErrnoError("open " + path, errno);
    AFS_TRY(CheckPackedLayer(fd.get(), static_cast<uint64_t>(l.size), layout, l.digest));
    ::unlink(path.c_str());
  }
  return OkStatus();
}

}  // namespace attestfs::oci

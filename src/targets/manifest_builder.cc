// BuildManifest: WalkResult + ParallelHasher -> FileManifest.
#include "targets/manifest_builder.h"

#include <algorithm>

#include "targets/parallel_hasher.h"

namespace attestfs::targets {

Status CheckScanOptions(const ScanOptions& options) {
  if (options.chunk_size < attestation::kMinChunkSize ||
      options.chunk_size > attestation::kMaxChunkSize) {
    return Error(Errc::kInvalidArgument, "chunk size " + std::to_string(options.chunk_size) +
                                             " out of range [" +
                                             std::to_string(attestation::kMinChunkSize) + ", " +
                                             std::to_string(attestation::kMaxChunkSize) + "]");
  }
  return OkStatus();
}

Result<attestation::FileManifest> BuildManifest(WalkResult walk, const ScanOptions& options) {
  AFS_TRY(CheckScanOptions(options));
  std::vector<HashJob> jobs;
  jobs.reserve(walk.entries.size());
  for (const auto& e : walk.entries) jobs.push_back(HashJob{e.read_path, e.path, e.size, e.stamp});
  HashOptions hash_options{options.chunk_size, options.compute_chunks, options.threads};
  hash_options.progress = options.progress;
  ParallelHasher hasher(hash_options);
  AFS_ASSIGN_OR_RETURN(std::vector<HashOutput> hashes, hasher.Hash(jobs));

  attestation::FileManifest m;
  m.chunk_size = options.chunk_size;
  m.include_patterns = options.include;
  m.exclude_patterns = options.exclude;
  m.files.reserve(walk.entries.size());
  for (size_t i = 0; i < walk.entries.size(); ++i) {
    WalkEntry& e = walk.entries[i];
    attestation::FileEntry f;
    f.path = std::move(e.path);
    f.type = e.type;
    f.size = e.size;
    f.sha256 = hashes[i].sha256;
    f.executable = e.executable;
    f.link_target = std::move(e.link_target);
    f.chunks = std::move(hashes[i].chunks);
    m.files.push_back(std::move(f));
  }
  m.Sort();
  m.excluded = std::move(walk.excluded);
  std::sort(m.excluded.begin(), m.excluded.end(),
            [](const std::string& a, const std::string& b) { return attestation::PathLess(a, b); });
  return m;
}

}  // namespace attestfs::targets

// LocalMountSource: realpath -> evidence (file or store by name) -> verify -> policy.
#include "app/local_mount_source.h"

#include <limits.h>
#include <stdlib.h>

#include <cerrno>

#include "app/evidence_collector.h"
#include "app/mount_trust.h"
#include "content/local_blob_source.h"

namespace attestfs::app {

namespace {

// Finds and verifies the newest content attestation for `name` (or the explicit file).
Result<attestation::FileManifest> VerifiedLocalManifest(const MountSpec& spec,
                                                        const std::string& name,
                                                        MountReport* report) {
  AFS_ASSIGN_OR_RETURN(MountTrust trust, LoadMountTrust(spec));
  EvidenceQuery query;  // the attestation file, else the store by name
  query.attestation_file = spec.attestation;
  query.store = spec.store;
  query.name = name;
  AFS_ASSIGN_OR_RETURN(auto docs, CollectStoredEvidence(query));
  AFS_ASSIGN_OR_RETURN(auto selected, SelectMountContent(trust, docs, name));
  AFS_TRY(EvaluateMountPolicy(trust, selected, name, report));
  return std::move(selected.content.manifest);
}

}  // namespace

Result<PreparedMount> LocalMountSource::Prepare(const MountSpec& spec, MountReport* report) {
  const std::string src = spec.source.rfind("dir:", 0) == 0 ? spec.source.substr(4) : spec.source;
  char real[PATH_MAX];
  if (!::realpath(src.c_str(), real)) return ErrnoError("source " + spec.source, errno);
  const std::string root = real;
  const std::string name = spec.name.empty() ? root : spec.name;
  PreparedMount out;
  AFS_ASSIGN_OR_RETURN(out.manifest, VerifiedLocalManifest(spec, name, report));
  out.source_name = "dir:" + root;
  AFS_ASSIGN_OR_RETURN(auto local, content::LocalBlobSource::Open(root));
  out.source = std::shared_ptr<content::BlobSource>(std::move(local));
  return out;
}

}  // namespace attestfs::app

// VerifyPulledModel: referrer evidence -> newest verified content evidence bound to the
// manifest -> the pulled tree (as written, raw layers not hashed again) compared file by file.
#include "app/pull_verification.h"

#include <sys/stat.h>

#include "app/oci_evidence.h"
#include "digest/sha256_hasher.h"
#include "oci/model_transfer.h"
#include "oci/registry_connection.h"
#include "verify/content_selection.h"
#include "verify/manifest_diff.h"

namespace attestfs::app {

namespace {

// The pulled tree as a FileManifest without hashing it again: a raw layer's bytes were checked
// against the layer digest (= the file's SHA-256) before they were written; only files packed
// into tar layers are hashed here. Sizes are checked against what is on disk.
Result<attestation::FileManifest> PulledFiles(const std::string& temp_dir,
                                              const oci::ModelLayout& layout) {
  attestation::FileManifest m;
  for (const auto& [path, loc] : layout) {
    std::string full = temp_dir + "/" + path;
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return Error(Errc::kVerificationFailed,
                   "pulled file " + path + " is missing or not a regular file");
    }
    if (static_cast<uint64_t>(st.st_size) != loc.size) {
      return Error(Errc::kVerificationFailed,
                   "pulled file " + path + " has " + std::to_string(st.st_size) +
                       " bytes, the artifact says " + std::to_string(loc.size));
    }
    attestation::FileEntry e;
    e.path = path;
    e.size = loc.size;
    e.executable = (st.st_mode & 0111) != 0;
    if (!loc.packed && loc.offset == 0) {
      e.sha256 = loc.layer;
    } else {
      AFS_ASSIGN_OR_RETURN(auto h, digest::HashFile(full));
      e.sha256 = h.digest;
    }
    m.files.push_back(std::move(e));
  }
  m.Sort();
  return m;
}

}  // namespace

Result<verify::VerifiedAttestation> VerifyPulledModel(oci::RegistryConnection& conn,
                                                      const oci::Reference& ref,
                                                      const keys::TrustPolicy& trust,
                                                      const std::string& temp_dir,
                                                      const oci::Descriptor& manifest) {
  std::vector<std::string> notes;
  AFS_ASSIGN_OR_RETURN(
      auto docs, FetchVerifiedPayloads(conn.referrers(), ref, manifest.digest, trust, &notes));
  auto selected =
      verify::SelectContentAttestation(docs, trust, /*require_full=*/false, manifest.digest);
  if (!selected.ok()) {
    return Error(selected.error().code(), selected.error().message() + JoinNotes(notes))
        .Context("referrers of " + ref.ToString());
  }
  AFS_ASSIGN_OR_RETURN(auto layout,
                       oci::LoadModelLayout(conn.registry(), ref.WithDigest(manifest.digest)));
  AFS_ASSIGN_OR_RETURN(auto local, PulledFiles(temp_dir, layout.layout));
  AFS_ASSIGN_OR_RETURN(auto diffs, verify::CompareContent(selected->content, local, temp_dir));
  if (!diffs.empty()) {
    std::string lines;
    for (const auto& d : diffs) lines += "\n" + d.Line();
    return Error(Errc::kVerificationFailed,
                 "pulled content differs from the signed evidence:" + lines);
  }
  return selected->attestation;
}

}  // namespace attestfs::app

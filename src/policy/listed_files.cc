// ExtractListedFiles: delegates to the sbom and model-signing codecs, which own the formats.
#include "policy/listed_files.h"

#include <string_view>

#include "attestation/predicates/model_signing.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::policy {

namespace {

bool TypeIs(std::string_view type, std::string_view base) {
  return type == base ||
         (type.starts_with(base) && type.size() > base.size() && type[base.size()] == '/');
}

std::vector<ListedFile> FromManifest(const attestation::FileManifest& m) {
  std::vector<ListedFile> out;
  out.reserve(m.files.size());
  for (const auto& f : m.files) {
    ListedFile lf;
    lf.path = f.path;
    lf.executable = f.executable;
    lf.symlink = f.type == attestation::FileEntry::Type::kSymlink;
    lf.link_target = f.link_target;
    out.push_back(std::move(lf));
  }
  return out;
}

}  // namespace

bool HasFileList(const attestation::Statement& statement) {
  return TypeIs(statement.predicate_type, attestation::kCycloneDxPredicate) ||
         statement.predicate_type == attestation::kModelSigningPredicate;
}

Result<std::vector<ListedFile>> ExtractListedFiles(const attestation::Statement& statement) {
  if (TypeIs(statement.predicate_type, attestation::kCycloneDxPredicate)) {
    AFS_ASSIGN_OR_RETURN(auto bom, sbom::ParseCycloneDx(statement.predicate_json));
    return FromManifest(bom.manifest);
  }
  if (statement.predicate_type == attestation::kModelSigningPredicate) {
    AFS_ASSIGN_OR_RETURN(
        auto ms, attestation::predicates::ParseModelSigningPredicate(statement.predicate_json));
    if (ms.manifest) return FromManifest(*ms.manifest);
    // Another tool's predicate: names only ("path" or, for shards, "path:start:end").
    std::vector<ListedFile> out;
    for (const auto& r : ms.resources) {
      ListedFile lf;
      lf.path = r.name;
      if (ms.method == "shards") {
        for (int i = 0; i < 2; ++i) {
          const size_t colon = lf.path.rfind(':');
          if (colon != std::string::npos) lf.path.resize(colon);
        }
        if (!out.empty() && out.back().path == lf.path) continue;
      }
      out.push_back(std::move(lf));
    }
    return out;
  }
  return Error(Errc::kMalformed,
               "predicate type " + statement.predicate_type + " has no file list");
}

}  // namespace attestfs::policy

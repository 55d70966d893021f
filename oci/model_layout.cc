// ParseModelLayout (untrusted manifest + config -> ModelLayout), IsModelManifest and
// CheckLayoutMatchesFiles.
#include "oci/model_layout.h"

#include <nlohmann/json.hpp>
#include <set>

#include "base/json_depth.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {
namespace {
using Json = nlohmann::json;
}  // namespace

bool IsModelManifest(std::string_view manifest_json) {
  auto m = Manifest::Parse(manifest_json);
  if (!m.ok()) return false;
  return m->artifact_type == kModelArtifactType ||
         (m->artifact_type.empty() && m->config.media_type == kModelConfig);
}

Result<ModelLayout> ParseModelLayout(std::string_view manifest_json, std::string_view config_json) {
  AFS_ASSIGN_OR_RETURN(Manifest m, Manifest::Parse(manifest_json));
  ModelLayout out;
  std::map<digest::Digest, uint64_t> layer_sizes;
  for (auto& l : m.layers) layer_sizes[l.digest] = static_cast<uint64_t>(l.size);
  std::set<digest::Digest> holding_files;  // layers that at least one file of the model lies in
  auto add = [&out](ModelFileLocation loc) -> Status {
    std::string path = loc.path;
    if (!out.emplace(path, std::move(loc)).second) {
      return Error(Errc::kVerificationFailed, "the model lists '" + path + "' twice");
    }
    return OkStatus();
  };
  for (auto& l : m.layers) {
    if (l.media_type.size() < 4 || l.media_type.substr(l.media_type.size() - 4) != ".raw") continue;
    std::string path = l.Annotation(std::string(kAnnotationModelFilepath));
    if (path.empty()) path = l.Annotation(std::string(kAnnotationTitle));
    if (path.empty()) {
      return Error(Errc::kVerificationFailed,
                   "raw layer " + l.digest.ToString() + " names no file path");
    }
    AFS_TRY(attestation::ValidateRelativePath(path));
    AFS_TRY(add({path, l.digest, 0, static_cast<uint64_t>(l.size), false}));
    holding_files.insert(l.digest);
  }
  if (Status d = CheckJsonDepth(config_json); !d.ok()) return d.error().Context("model config");
  Json cfg = Json::parse(config_json, nullptr, false);
  if (cfg.is_discarded() || !cfg.is_object())
    return Error(Errc::kMalformed, "model config is not JSON");
  auto it = cfg.find(std::string(kPackedFilesKey));
  if (it != cfg.end() && it->is_array()) {
    for (auto& e : *it) {
      try {
        std::string path = e.at("path").get<std::string>();
        AFS_TRY(attestation::ValidateRelativePath(path));
        AFS_ASSIGN_OR_RETURN(digest::Digest layer,
                             digest::Digest::Parse(e.at("layer").get<std::string>()));
        uint64_t off = e.at("offset").get<uint64_t>(), size = e.at("size").get<uint64_t>();
        auto ls = layer_sizes.find(layer);
        // A packed file must lie inside one of this manifest's layers.
        if (ls == layer_sizes.end() || off > ls->second || size > ls->second - off) {
          return Error(Errc::kMalformed, "model config places '" + path + "' outside its layers");
        }
        AFS_TRY(add({path, layer, off, size, true}));
        holding_files.insert(layer);
      } catch (const std::exception& ex) {
        return Error(Errc::kMalformed, std::string("model config packed file entry: ") + ex.what());
      }
    }
  }
  // Every layer must be a file of the model (a raw layer) or hold packed files: a layer that
  // nothing in the file list points at is content no evidence can cover (issue: an extra layer
  // re-published under a signed tag).
  for (auto& l : m.layers) {
    if (holding_files.count(l.digest)) continue;
    std::string title = l.Annotation(std::string(kAnnotationTitle));
    return Error(Errc::kVerificationFailed,
                 "layer " + l.digest.ToString() + " (" + l.media_type +
                     (title.empty() ? "" : ", '" + title + "'") +
                     ") holds no file of the model's file list: not covered by the evidence");
  }
  return out;
}

Status CheckLayoutMatchesFiles(const ModelLayout& layout, const attestation::FileManifest& fm) {
  constexpr size_t kMaxReported = 5;
  std::vector<std::string> diffs;
  auto note = [&](std::string d) {
    if (diffs.size() < kMaxReported) diffs.push_back(std::move(d));
  };
  size_t matched = 0;
  for (const auto& f : fm.files) {
    auto it = layout.find(f.path);
    if (it == layout.end()) {
      note("'" + f.path + "' is attested but not in the artifact");
      continue;
    }
    ++matched;
    const ModelFileLocation& loc = it->second;
    if (loc.size != f.size) {
      note("'" + f.path + "' is " + std::to_string(loc.size) + " bytes in the artifact, " +
           std::to_string(f.size) + " attested");
    } else if (!loc.packed && loc.layer != f.sha256) {
      note("'" + f.path + "' layer " + loc.layer.ToString() + " is not the attested " +
           f.sha256.ToString());
    }
  }
  if (matched != layout.size()) {
    for (const auto& [path, loc] : layout) {
      if (!fm.Find(path)) note("'" + path + "' is in the artifact but not attested");
    }
  }
  if (diffs.empty()) return OkStatus();
  std::string msg = "artifact layers do not match the attested files: ";
  for (size_t i = 0; i < diffs.size(); ++i) msg += (i ? "; " : "") + diffs[i];
  return Error(Errc::kVerificationFailed, msg);
}

}  // namespace attestfs::oci

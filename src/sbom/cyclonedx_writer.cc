// BuildCycloneDx: FileManifest + card/config/git context -> CycloneDX 1.6 JSON (the in-toto
// predicate for https://cyclonedx.org/bom). nlohmann/json stays in this file and the reader.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "base/clock.h"
#include "base/json_depth.h"
#include "sbom/bom_names.h"
#include "sbom/bom_serial.h"
#include "sbom/cyclonedx_bom.h"
#include "sbom/git_remote.h"
#include "sbom/model_card.h"

namespace attestfs::sbom {
namespace {

namespace n = bom_names;
using ojson = nlohmann::ordered_json;

// config.json larger than this is not read for architecture metadata.
constexpr size_t kMaxConfigJsonBytes = 16u << 20;

struct ModelConfig {
  std::string model_type;    // -> architectureFamily
  std::string architecture;  // architectures[0] -> modelArchitecture
};

// config.json is informational here: unreadable content yields empty fields, not an error.
ModelConfig ReadModelConfig(const std::string& text) {
  ModelConfig cfg;
  if (text.empty() || text.size() > kMaxConfigJsonBytes || !CheckJsonDepth(text).ok()) return cfg;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return cfg;
  if (auto t = j.find("model_type"); t != j.end() && t->is_string())
    cfg.model_type = t->get<std::string>();
  if (auto a = j.find("architectures");
      a != j.end() && a->is_array() && !a->empty() && (*a)[0].is_string()) {
    cfg.architecture = (*a)[0].get<std::string>();
  }
  return cfg;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

Result<std::string> SerialNumber(const std::string& given) {
  if (given.empty()) return "urn:uuid:" + RandomUuid();
  std::string_view uuid = given;
  if (uuid.starts_with("urn:uuid:")) uuid.remove_prefix(9);
  if (!IsUuid(uuid))
    return Error(Errc::kInvalidArgument, "BOM serial '" + given + "' is not a UUID");
  return "urn:uuid:" + std::string(uuid);
}

void AddProp(ojson& props, std::string_view name, std::string value) {
  props.push_back(ojson{{"name", name}, {"value", std::move(value)}});
}

std::string_view KindName(BomContext::Kind k) {
  switch (k) {
    case BomContext::Kind::kModel:
      return "model";
    case BomContext::Kind::kDataset:
      return "dataset";
    case BomContext::Kind::kFiles:
      return "files";
  }
  return "files";
}

ojson Licenses(const ModelCard& card) {
  ojson out = ojson::array();
  std::string link = SanitizeRemoteUrl(card.license_link);
  if (link.empty() && !card.license_link.empty() &&
      card.license_link.find_first_of(" \t\r\n\"<>\\^`{|}") == std::string::npos) {
    link = card.license_link;  // a relative reference such as "LICENSE.md"
  }
  for (const auto& l : card.licenses) {
    std::string spdx = HuggingFaceLicenseToSpdx(l);
    ojson lic = spdx.empty() ? ojson{{"name", l}} : ojson{{"id", spdx}};
    if (spdx.empty() && !link.empty() && card.licenses.size() == 1) lic["url"] = link;
    out.push_back(ojson{{"license", std::move(lic)}});
  }
  return out;
}

ojson CardProperties(const ModelCard& card) {
  ojson props = ojson::array();
  if (!card.library_name.empty()) AddProp(props, "huggingface:library_name", card.library_name);
  if (!card.base_model.empty()) AddProp(props, "huggingface:base_model", card.base_model);
  if (!card.license_link.empty()) AddProp(props, "huggingface:license_link", card.license_link);
  for (const auto& t : card.tags) AddProp(props, "huggingface:tag", t);
  return props;
}

ojson SubjectComponent(const BomContext& ctx, const ModelCard& card, const ModelConfig& cfg) {
  ojson c;
  switch (ctx.kind) {
    case BomContext::Kind::kModel:
      c["type"] = "machine-learning-model";
      break;
    case BomContext::Kind::kDataset:
      c["type"] = "data";
      break;
    case BomContext::Kind::kFiles:
      c["type"] = "file";
      break;
  }
  c["bom-ref"] = n::kSubjectRef;
  c["name"] = ctx.name.empty() ? std::string("unnamed") : ctx.name;
  if (!ctx.git_commit.empty()) c["version"] = ctx.git_commit;
  if (!card.description.empty()) c["description"] = card.description;
  if (!card.licenses.empty()) c["licenses"] = Licenses(card);
  if (ctx.kind == BomContext::Kind::kModel) {
    if (std::string purl = HuggingFacePurl(ctx.git_remote, ctx.git_commit); !purl.empty())
      c["purl"] = purl;
  }
  if (std::string url = SanitizeRemoteUrl(ctx.git_remote); !url.empty()) {
    ojson ref{{"url", url}, {"type", "vcs"}};
    if (!ctx.git_commit.empty()) ref["comment"] = "commit " + ctx.git_commit;
    c["externalReferences"] = ojson::array({std::move(ref)});
  }
  ojson props = CardProperties(card);
  if (ctx.kind == BomContext::Kind::kModel) {
    ojson params = ojson::object();
    if (!card.pipeline_tag.empty()) params["task"] = card.pipeline_tag;
    if (!cfg.model_type.empty()) params["architectureFamily"] = cfg.model_type;
    if (!cfg.architecture.empty()) params["modelArchitecture"] = cfg.architecture;
    if (!card.datasets.empty()) {
      ojson ds = ojson::array();
      for (const auto& d : card.datasets)
        ds.push_back(ojson{{"ref", std::string(n::kDatasetRefPrefix) + d}});
      params["datasets"] = std::move(ds);
    }
    ojson mc = ojson::object();
    if (!params.empty()) mc["modelParameters"] = std::move(params);
    if (!props.empty()) mc["properties"] = std::move(props);
    if (!mc.empty()) c["modelCard"] = std::move(mc);
  } else {
    if (ctx.kind == BomContext::Kind::kDataset) {
      c["data"] = ojson::array({ojson{{"type", "dataset"}, {"name", c["name"]}}});
    }
    if (!props.empty()) c["properties"] = std::move(props);
  }
  return c;
}

ojson MetadataProperties(const attestation::FileManifest& m, const BomContext& ctx) {
  ojson props = ojson::array();
  AddProp(props, n::kKind, std::string(KindName(ctx.kind)));
  AddProp(props, n::kChunkSize, std::to_string(m.chunk_size));
  for (const auto& p : m.include_patterns) AddProp(props, n::kInclude, p);
  for (const auto& p : m.exclude_patterns) AddProp(props, n::kExclude, p);
  for (const auto& p : m.excluded) AddProp(props, n::kExcluded, p);
  if (!ctx.git_commit.empty()) AddProp(props, n::kGitCommit, ctx.git_commit);
  if (std::string url = SanitizeRemoteUrl(ctx.git_remote); !url.empty())
    AddProp(props, n::kGitRemote, url);
  for (const auto& p : ctx.git_uncommitted) AddProp(props, n::kGitUncommitted, p);
  for (const auto& p : ctx.git_lfs_missing) AddProp(props, n::kGitLfsMissing, p);
  return props;
}

ojson FileComponent(const attestation::FileEntry& f) {
  ojson props = ojson::array();
  AddProp(props, n::kSize, std::to_string(f.size));
  AddProp(props, n::kExecutable, f.executable ? "true" : "false");
  if (f.type == attestation::FileEntry::Type::kSymlink) AddProp(props, n::kSymlink, f.link_target);
  if (!f.chunks.empty()) AddProp(props, n::kChunks, attestation::EncodeChunks(f.chunks));
  return ojson{{"type", "file"},
               {"bom-ref", std::string(n::kFileRefPrefix) + f.path},
               {"name", f.path},
               {"hashes", ojson::array({ojson{{"alg", "SHA-256"}, {"content", f.sha256.Hex()}}})},
               {"properties", std::move(props)}};
}

}  // namespace

Result<std::string> BuildCycloneDx(const attestation::FileManifest& manifest,
                                   const BomContext& ctx) {
  if (auto s = manifest.Validate(); !s.ok()) return s.error().Context("build CycloneDX BOM");
  ModelCard card;
  if (!ctx.readme_text.empty()) {
    AFS_ASSIGN_OR_RETURN(card, ParseModelCard(ctx.readme_text));
  }
  ModelConfig cfg = ReadModelConfig(ctx.config_json_text);
  AFS_ASSIGN_OR_RETURN(std::string serial, SerialNumber(ctx.serial_uuid));

  ojson tool{{"type", "application"}, {"name", "attestfs"}};
  if (!ctx.tool_version.empty()) tool["version"] = ctx.tool_version;
  ojson bom;
  bom["$schema"] = n::kSchemaUrl;
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = n::kSpecVersion;
  bom["serialNumber"] = serial;
  bom["version"] = 1;
  bom["metadata"] = ojson{{"timestamp", FormatRfc3339(ctx.created_unix)},
                          {"tools", ojson{{"components", ojson::array({std::move(tool)})}}},
                          {"component", SubjectComponent(ctx, card, cfg)},
                          {"properties", MetadataProperties(manifest, ctx)}};
  ojson comps = ojson::array();
  std::vector<std::string> seen_datasets;
  for (const auto& d : card.datasets) {
    if (std::find(seen_datasets.begin(), seen_datasets.end(), d) != seen_datasets.end()) continue;
    seen_datasets.push_back(d);
    comps.push_back(ojson{{"type", "data"},
                          {"bom-ref", std::string(n::kDatasetRefPrefix) + d},
                          {"name", d},
                          {"data", ojson::array({ojson{{"type", "dataset"}, {"name", d}}})}});
  }
  for (const auto& f : manifest.files) comps.push_back(FileComponent(f));
  bom["components"] = std::move(comps);
  try {
    return bom.dump();
  } catch (const nlohmann::json::exception& e) {
    // Paths and card text must be UTF-8 to be carried in JSON without changing them.
    return Error(Errc::kInvalidArgument,
                 std::string("build CycloneDX BOM: text is not valid UTF-8 (") + e.what() + ")");
  }
}

}  // namespace attestfs::sbom

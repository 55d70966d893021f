// ExtractBomLicenses: walks metadata.component and model/data components (nlohmann/json).
#include "policy/bom_licenses.h"

#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "base/json_depth.h"
#include "sbom/model_card.h"

namespace attestfs::policy {

namespace {

using nlohmann::json;

constexpr int kMaxComponentDepth = 8;

std::string Str(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Describe(const json& c) {
  const std::string type = Str(c, "type");
  const std::string kind = type == "machine-learning-model" ? "model"
                           : type == "data"                 ? "dataset"
                           : type.empty()                   ? "component"
                                                            : type;
  return kind + " '" + Str(c, "name") + "'";
}

Status Collect(const json& c, std::vector<ComponentLicenses>& out) {
  ComponentLicenses cl;
  cl.component = Describe(c);
  if (auto ls = c.find("licenses"); ls != c.end()) {
    if (!ls->is_array())
      return Error(Errc::kMalformed, cl.component + ": licenses is not an array");
    for (const auto& l : *ls) {
      if (!l.is_object())
        return Error(Errc::kMalformed, cl.component + ": license entry is not an object");
      if (auto e = l.find("expression"); e != l.end() && e->is_string()) {
        cl.expressions.push_back(e->get<std::string>());
      } else if (auto lic = l.find("license"); lic != l.end() && lic->is_object()) {
        std::string id = Str(*lic, "id");
        if (id.empty()) {
          const std::string name = Str(*lic, "name");
          const std::string spdx = sbom::HuggingFaceLicenseToSpdx(name);
          id = spdx.empty() ? name : spdx;
        }
        if (!id.empty()) cl.expressions.push_back(id);
      }
    }
  }
  if (out.size() >= kMaxBomLicenseComponents)
    return Error(Errc::kTooLarge, "too many BOM components");
  out.push_back(std::move(cl));
  return OkStatus();
}

Status Walk(const json& comps, int depth, std::vector<ComponentLicenses>& out) {
  if (!comps.is_array()) return Error(Errc::kMalformed, "components is not an array");
  if (depth > kMaxComponentDepth) return Error(Errc::kMalformed, "components nested too deeply");
  for (const auto& c : comps) {
    if (!c.is_object()) return Error(Errc::kMalformed, "component is not an object");
    const std::string type = Str(c, "type");
    if (type == "machine-learning-model" || type == "data") AFS_TRY(Collect(c, out));
    if (auto nested = c.find("components"); nested != c.end())
      AFS_TRY(Walk(*nested, depth + 1, out));
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<ComponentLicenses>> ExtractBomLicenses(std::string_view predicate_json) {
  if (predicate_json.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "BOM larger than the document limit");
  }
  if (Status d = CheckJsonDepth(predicate_json); !d.ok()) return d.error().Context("BOM");
  json j = json::parse(predicate_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(Errc::kMalformed, "BOM is not a JSON object");
  if (!j.contains("bomFormat") && j.contains("bom") && j["bom"].is_object()) {
    j = j["bom"];  // valint wraps the BOM: {environment, mimeType, bom: {...}}
  }
  if (Str(j, "bomFormat") != "CycloneDX") {
    return Error(Errc::kMalformed, "predicate is not a CycloneDX BOM (no bomFormat CycloneDX)");
  }
  std::vector<ComponentLicenses> out;
  if (auto meta = j.find("metadata"); meta != j.end() && meta->is_object()) {
    if (auto subj = meta->find("component"); subj != meta->end() && subj->is_object()) {
      AFS_TRY(Collect(*subj, out));
    }
  }
  if (auto comps = j.find("components"); comps != j.end()) AFS_TRY(Walk(*comps, 0, out));
  return out;
}

}  // namespace attestfs::policy

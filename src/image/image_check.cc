// CheckImageBinding: subject == manifest digest, every blob re-verified, BOM layer list agrees.
#include "image/image_check.h"

#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "digest/sha256_hasher.h"
#include "image/image_bom.h"

namespace attestfs::image {
namespace {

std::string PropValue(const nlohmann::json& comp, std::string_view name) {
  auto props = comp.find("properties");
  if (props == comp.end() || !props->is_array()) return "";
  for (const auto& p : *props) {
    if (p.is_object() && p.value("name", "") == name && p.contains("value") &&
        p["value"].is_string()) {
      return p["value"].get<std::string>();
    }
  }
  return "";
}

// The (role, digest) list an attestfs image BOM records, in order; empty for other predicates.
Result<std::vector<std::pair<std::string, std::string>>> BomBlobs(
    const attestation::Statement& st) {
  std::vector<std::pair<std::string, std::string>> out;
  if (st.predicate_type != attestation::kCycloneDxPredicate) return out;
  if (Status d = CheckJsonDepth(st.predicate_json); !d.ok())
    return d.error().Context("the statement's CycloneDX predicate");
  auto j = nlohmann::json::parse(st.predicate_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(Errc::kMalformed, "the statement's CycloneDX predicate is not a JSON object");
  auto comps = j.find("components");
  if (comps == j.end() || !comps->is_array()) return out;
  for (const auto& c : *comps) {
    if (!c.is_object()) continue;
    std::string role = PropValue(c, kPropRole);
    if (role != "config" && role != "layer") continue;
    auto name = c.find("name");
    if (name == c.end() || !name->is_string()) continue;
    out.emplace_back(role, name->get<std::string>());
  }
  return out;
}

}  // namespace

Status CheckImageBinding(OpenedImage& image, const attestation::Statement& statement) {
  const oci::Descriptor& m = image.manifest_descriptor();
  const std::string hex = m.digest.Hex();
  bool bound = false;
  for (const auto& s : statement.subjects) {
    auto it = s.digest.find("sha256");
    if (it != s.digest.end() && it->second == hex) bound = true;
  }
  if (!bound) {
    return Error(Errc::kVerificationFailed,
                 "no subject of the statement is the image manifest " + m.digest.ToString());
  }
  if (digest::Sha256(image.manifest_bytes()) != m.digest) {
    return Error(Errc::kVerificationFailed,
                 "the manifest bytes do not match " + m.digest.ToString());
  }
  AFS_ASSIGN_OR_RETURN(auto listed, BomBlobs(statement));
  if (!listed.empty()) {
    std::vector<std::pair<std::string, std::string>> actual;
    actual.emplace_back("config", image.config_descriptor().digest.ToString());
    for (const auto& l : image.layers()) actual.emplace_back("layer", l.digest.ToString());
    if (listed != actual) {
      return Error(Errc::kVerificationFailed,
                   "the BOM's config/layer list does not match manifest " + m.digest.ToString());
    }
  }
  Status s = image.VerifyBlob(image.config_descriptor(), "config");
  if (!s.ok()) return s.error().Context("verify image " + m.digest.ToString());
  const auto& layers = image.layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    std::string label = "layer " + std::to_string(i + 1) + "/" + std::to_string(layers.size());
    Status v = image.VerifyBlob(layers[i], label);
    if (!v.ok()) return v.error().Context("verify image " + m.digest.ToString());
  }
  return OkStatus();
}

}  // namespace attestfs::image

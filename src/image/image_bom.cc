// BuildImageStatement: OpenedImage + ImageInventory -> in-toto Statement with a CycloneDX 1.6
// predicate. nlohmann/json stays in this file (and image_check.cc, which reads the layer list).
#include "image/image_bom.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "base/clock.h"
#include "oci/reference.h"
#include "sbom/bom_serial.h"

namespace attestfs::image {
namespace {

using ojson = nlohmann::ordered_json;

void AddProp(ojson& props, std::string_view name, std::string value) {
  props.push_back(ojson{{"name", name}, {"value", std::move(value)}});
}

ojson Sha256Hashes(const digest::Digest& d) {
  return ojson::array({ojson{{"alg", "SHA-256"}, {"content", d.Hex()}}});
}

std::string Octal(unsigned mode) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04o", mode & 07777);
  return buf;
}

ojson BlobComponent(const oci::Descriptor& d, std::string_view role, int index,
                    const std::string& diff_id, size_t layer_count) {
  ojson props = ojson::array();
  AddProp(props, kPropRole, std::string(role));
  AddProp(props, kPropMediaType, d.media_type);
  AddProp(props, kPropSize, std::to_string(d.size));
  if (index >= 0) AddProp(props, kPropLayerIndex, std::to_string(index));
  if (!diff_id.empty()) AddProp(props, kPropDiffId, diff_id);
  bool layer = index >= 0;
  std::string ref = layer ? "oci-layer:" + std::to_string(index) + ":" + d.digest.ToString()
                          : "oci-config:" + d.digest.ToString();
  std::string desc =
      layer ? "layer " + std::to_string(index + 1) + " of " + std::to_string(layer_count)
            : "image config";
  return ojson{
      {"type", "data"},
      {"bom-ref", ref},
      {"name", d.digest.ToString()},
      {"description", desc},
      {"hashes", Sha256Hashes(d.digest)},
      {"data", ojson::array({ojson{{"type", layer ? "other" : "configuration"}, {"name", desc}}})},
      {"properties", std::move(props)}};
}

ojson FileComponent(const ImageFile& f) {
  ojson props = ojson::array();
  AddProp(props, kPropSize, std::to_string(f.size));
  AddProp(props, kPropMode, Octal(f.mode));
  AddProp(props, kPropFileLayer, std::to_string(f.layer));
  ojson c{{"type", "file"}, {"bom-ref", "file:" + f.path}, {"name", f.path}};
  if (f.type == ImageFile::Type::kRegular) {
    c["hashes"] = Sha256Hashes(f.sha256);
  } else {
    AddProp(props, kPropSymlink, f.link_target);
  }
  c["properties"] = std::move(props);
  return c;
}

ojson NamedLicenses(const std::vector<std::string>& names) {
  ojson out = ojson::array();
  for (const auto& n : names) out.push_back(ojson{{"license", ojson{{"name", n}}}});
  return out;
}

ojson SubjectComponent(const OpenedImage& img, const std::string& name) {
  const oci::Descriptor& m = img.manifest_descriptor();
  ojson props = ojson::array();
  AddProp(props, kPropManifestMediaType, m.media_type);
  if (!img.platform().empty()) AddProp(props, kPropPlatform, img.platform());
  AddProp(props, "attestfs:oci.source", img.target().ToString());
  ojson c{{"type", "container"},
          {"bom-ref", "attestfs:subject"},
          {"name", name.empty() ? std::string("image") : name},
          {"version", m.digest.ToString()},
          {"hashes", Sha256Hashes(m.digest)}};
  if (img.target().kind == ImageTarget::Kind::kRegistry) {
    if (auto ref = oci::Reference::Parse(img.target().location); ref.ok()) {
      std::string repo = ref->repository;
      std::string last =
          repo.substr(repo.rfind('/') == std::string::npos ? 0 : repo.rfind('/') + 1);
      c["purl"] = "pkg:oci/" + PurlEncode(last) + "@" + PurlEncode(m.digest.ToString()) +
                  "?repository_url=" + PurlEncode(ref->registry + "/" + repo);
    }
  }
  c["properties"] = std::move(props);
  return c;
}

}  // namespace

std::string PurlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string DebPurl(const OsPackage& p, const std::optional<OsRelease>& os) {
  std::string ns = os && !os->id.empty() ? os->id : "debian";
  std::string purl =
      "pkg:deb/" + PurlEncode(ns) + "/" + PurlEncode(p.name) + "@" + PurlEncode(p.version);
  std::string q;
  if (!p.arch.empty()) q += "arch=" + PurlEncode(p.arch);
  if (os && !os->id.empty() && !os->version_id.empty())
    q +=
        (q.empty() ? "" : "&") + std::string("distro=") + PurlEncode(os->id + "-" + os->version_id);
  return q.empty() ? purl : purl + "?" + q;
}

std::string PypiPurl(const PythonDist& d) {
  std::string name;
  for (char c : d.name) {  // PEP 503 normalisation, as the purl spec asks for pypi
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name += (l == '_' || l == '.') ? '-' : l;
  }
  return "pkg:pypi/" + PurlEncode(name) + "@" + PurlEncode(d.version);
}

Result<attestation::Statement> BuildImageStatement(const OpenedImage& image,
                                                   const ImageInventory& inv,
                                                   const std::string& subject_name,
                                                   int64_t created_unix,
                                                   const ImageBomOptions& options) {
  ojson tool{{"type", "application"}, {"name", "attestfs"}};
  if (!options.tool_version.empty()) tool["version"] = options.tool_version;
  std::string serial = options.serial_uuid.empty() ? sbom::RandomUuid() : options.serial_uuid;
  if (serial.rfind("urn:uuid:", 0) != 0) serial = "urn:uuid:" + serial;
  ojson meta_props = ojson::array();
  AddProp(meta_props, kPropKind, "image");

  ojson comps = ojson::array();
  std::string os_ref;
  if (inv.os && !inv.os->id.empty()) {
    os_ref = "os:" + inv.os->id + (inv.os->version_id.empty() ? "" : "@" + inv.os->version_id);
    ojson os{{"type", "operating-system"}, {"bom-ref", os_ref}, {"name", inv.os->id}};
    if (!inv.os->version_id.empty()) os["version"] = inv.os->version_id;
    if (!inv.os->pretty_name.empty()) os["description"] = inv.os->pretty_name;
    comps.push_back(std::move(os));
  }
  comps.push_back(BlobComponent(image.config_descriptor(), "config", -1, "", 0));
  const auto& layers = image.layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    std::string diff = i < image.diff_ids().size() ? image.diff_ids()[i] : "";
    comps.push_back(BlobComponent(layers[i], "layer", static_cast<int>(i), diff, layers.size()));
  }
  std::set<std::string> refs;
  for (const auto& p : inv.os_packages) {
    std::string purl = DebPurl(p, inv.os);
    if (!refs.insert(purl).second) continue;
    ojson props = ojson::array();
    if (!p.source.empty()) {
      AddProp(props, "attestfs:deb.source",
              p.source + (p.source_version.empty() ? "" : " (" + p.source_version + ")"));
    }
    AddProp(props, "attestfs:deb.database", p.database);
    ojson c{{"type", "library"}, {"bom-ref", purl}, {"name", p.name}, {"version", p.version}};
    if (!p.licenses.empty()) c["licenses"] = NamedLicenses(p.licenses);
    c["purl"] = purl;
    c["properties"] = std::move(props);
    comps.push_back(std::move(c));
  }
  for (const auto& d : inv.python) {
    std::string ref = "python:" + d.metadata_path;
    if (!refs.insert(ref).second) continue;
    ojson c{{"type", "library"}, {"bom-ref", ref}, {"name", d.name}, {"version", d.version}};
    if (!d.license_expression.empty()) {
      c["licenses"] = ojson::array({ojson{{"expression", d.license_expression}}});
    } else {
      std::vector<std::string> names = d.license_classifiers;
      if (!d.license.empty() && std::find(names.begin(), names.end(), d.license) == names.end())
        names.insert(names.begin(), d.license);
      if (!names.empty()) c["licenses"] = NamedLicenses(names);
    }
    c["purl"] = PypiPurl(d);
    c["properties"] =
        ojson::array({ojson{{"name", "attestfs:python.metadata"}, {"value", d.metadata_path}}});
    comps.push_back(std::move(c));
  }
  for (const auto& m : inv.models) {
    ojson props = ojson::array();
    AddProp(props, kPropSize, std::to_string(m.size));
    AddProp(props, kPropModelFormat, m.format);
    comps.push_back(ojson{{"type", "machine-learning-model"},
                          {"bom-ref", "model:" + m.path},
                          {"name", m.path},
                          {"hashes", Sha256Hashes(m.sha256)},
                          {"properties", std::move(props)}});
  }
  for (const auto& f : inv.files) comps.push_back(FileComponent(f));

  ojson bom;
  bom["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json";
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.6";
  bom["serialNumber"] = serial;
  bom["version"] = 1;
  bom["metadata"] = ojson{{"timestamp", FormatRfc3339(created_unix)},
                          {"tools", ojson{{"components", ojson::array({std::move(tool)})}}},
                          {"component", SubjectComponent(image, subject_name)},
                          {"properties", std::move(meta_props)}};
  bom["components"] = std::move(comps);

  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = subject_name;
  rd.digest["sha256"] = image.manifest_descriptor().digest.Hex();
  // Same convention as the other targets: sub-second precision when `created_unix` is now.
  std::string now = NowRfc3339Precise();
  rd.annotations[std::string(attestation::kCreatedAnnotation)] =
      now.rfind(FormatRfc3339(created_unix).substr(0, 19), 0) == 0 ? now
                                                                   : FormatRfc3339(created_unix);
  st.subjects.push_back(std::move(rd));
  st.predicate_type = std::string(attestation::kCycloneDxPredicate);
  try {
    // Non-UTF-8 file names become U+FFFD instead of failing the whole BOM.
    st.predicate_json = bom.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception& e) {
    return Error(Errc::kInternal, std::string("serialise image BOM: ") + e.what());
  }
  return st;
}

}  // namespace attestfs::image

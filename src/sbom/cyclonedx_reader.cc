// ParseCycloneDx: untrusted CycloneDX JSON -> FileManifest + licenses, the inverse of
// BuildCycloneDx. Every field read is type-checked; errors name the field and the path.
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "base/json_depth.h"
#include "sbom/bom_names.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::sbom {
namespace {

namespace n = bom_names;
using attestation::FileEntry;
using nlohmann::json;

Error Bad(const std::string& what) { return Error(Errc::kMalformed, "CycloneDX BOM: " + what); }

Result<uint64_t> ParseU64(std::string_view s, const std::string& what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return Bad(what + " '" + std::string(s.substr(0, 40)) + "' is not an unsigned integer");
  }
  return v;
}

// Reads a `properties` array into (name, value) pairs; non-string entries are malformed.
Result<std::vector<std::pair<std::string, std::string>>> Properties(const json& obj,
                                                                    const std::string& where) {
  std::vector<std::pair<std::string, std::string>> out;
  auto it = obj.find("properties");
  if (it == obj.end()) return out;
  if (!it->is_array()) return Bad(where + ": properties is not an array");
  if (it->size() > n::kMaxProperties) return Bad(where + ": too many properties");
  for (const auto& p : *it) {
    if (!p.is_object()) return Bad(where + ": property is not an object");
    auto name = p.find("name");
    if (name == p.end() || !name->is_string()) return Bad(where + ": property without a name");
    auto value = p.find("value");
    std::string v;
    if (value != p.end()) {
      if (!value->is_string())
        return Bad(where + ": property " + name->get<std::string>() + " is not a string");
      v = value->get<std::string>();
    }
    out.emplace_back(name->get<std::string>(), std::move(v));
  }
  return out;
}

std::string StringField(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Licenses of one component: license.id, else license.name; an expression is kept as given.
Status CollectLicenses(const json& comp, const std::string& where, std::vector<std::string>& out) {
  auto it = comp.find("licenses");
  if (it == comp.end()) return OkStatus();
  if (!it->is_array()) return Bad(where + ": licenses is not an array");
  for (const auto& l : *it) {
    if (!l.is_object()) return Bad(where + ": license entry is not an object");
    std::string value;
    if (auto e = l.find("expression"); e != l.end()) {
      if (!e->is_string()) return Bad(where + ": license expression is not a string");
      value = e->get<std::string>();
    } else if (auto lic = l.find("license"); lic != l.end() && lic->is_object()) {
      value = StringField(*lic, "id");
      if (value.empty()) value = StringField(*lic, "name");
      if (value.empty()) return Bad(where + ": license has neither id nor name");
    } else {
      return Bad(where + ": license entry has neither license nor expression");
    }
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
  }
  return OkStatus();
}

Result<FileEntry> ParseFileComponent(const json& c) {
  FileEntry f;
  auto name = c.find("name");
  if (name == c.end() || !name->is_string()) return Bad("file component without a name");
  f.path = name->get<std::string>();
  if (auto s = attestation::ValidateRelativePath(f.path); !s.ok())
    return s.error().Context("CycloneDX BOM");
  const std::string where = "file '" + f.path + "'";
  bool have_hash = false;
  if (auto h = c.find("hashes"); h != c.end()) {
    if (!h->is_array()) return Bad(where + ": hashes is not an array");
    for (const auto& e : *h) {
      if (!e.is_object() || StringField(e, "alg") != "SHA-256") continue;
      if (have_hash) return Bad(where + ": more than one SHA-256 hash");
      auto d = digest::Digest::FromHex(StringField(e, "content"));
      if (!d.ok()) return Bad(where + ": bad SHA-256 content: " + d.error().message());
      f.sha256 = *d;
      have_hash = true;
    }
  }
  if (!have_hash) return Bad(where + ": no SHA-256 hash");
  AFS_ASSIGN_OR_RETURN(auto props, Properties(c, where));
  bool have_size = false, have_exec = false, have_link = false, have_chunks = false;
  auto once = [&](bool& seen, const std::string& prop) -> Status {
    if (seen) return Bad(where + ": duplicate property " + prop);
    seen = true;
    return OkStatus();
  };
  for (const auto& [k, v] : props) {
    if (k == n::kSize) {
      AFS_TRY(once(have_size, k));
      AFS_ASSIGN_OR_RETURN(f.size, ParseU64(v, where + ": " + k));
    } else if (k == n::kExecutable) {
      AFS_TRY(once(have_exec, k));
      if (v != "true" && v != "false") return Bad(where + ": " + k + " must be true or false");
      f.executable = v == "true";
    } else if (k == n::kSymlink) {
      AFS_TRY(once(have_link, k));
      f.type = FileEntry::Type::kSymlink;
      f.link_target = v;
    } else if (k == n::kChunks) {
      AFS_TRY(once(have_chunks, k));
      auto chunks = attestation::DecodeChunks(v);
      if (!chunks.ok()) return Bad(where + ": " + chunks.error().message());
      f.chunks = std::move(*chunks);
    }
  }
  if (!have_size) return Bad(where + ": no " + std::string(n::kSize) + " property");
  return f;
}

Status ParseMetadataProperties(const json& meta, ParsedBom& out) {
  AFS_ASSIGN_OR_RETURN(auto props, Properties(meta, "metadata"));
  bool have_chunk_size = false;
  for (const auto& [k, v] : props) {
    if (k == n::kChunkSize) {
      if (have_chunk_size) return Bad("metadata: duplicate property " + k);
      have_chunk_size = true;
      AFS_ASSIGN_OR_RETURN(out.manifest.chunk_size, ParseU64(v, "metadata: " + k));
    } else if (k == n::kInclude) {
      out.manifest.include_patterns.push_back(v);
    } else if (k == n::kExclude) {
      out.manifest.exclude_patterns.push_back(v);
    } else if (k == n::kExcluded) {
      out.manifest.excluded.push_back(v);
    } else if (k == n::kGitCommit) {
      out.git_commit = v;
    }
  }
  return OkStatus();
}

}  // namespace

Result<ParsedBom> ParseCycloneDx(std::string_view text) {
  if (text.size() > attestation::kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "CycloneDX BOM of " + std::to_string(text.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(attestation::kMaxDocumentBytes));
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return Bad(d.error().message());
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  if (StringField(j, "bomFormat") != "CycloneDX") return Bad("bomFormat is not CycloneDX");
  std::string spec = StringField(j, "specVersion");
  if (spec != "1.4" && spec != "1.5" && spec != "1.6" && spec != "1.7") {
    return Error(Errc::kUnsupported,
                 "CycloneDX BOM: specVersion '" + spec.substr(0, 20) + "' not supported");
  }
  ParsedBom out;
  auto meta = j.find("metadata");
  if (meta != j.end()) {
    if (!meta->is_object()) return Bad("metadata is not an object");
    AFS_TRY(ParseMetadataProperties(*meta, out));
    if (auto subj = meta->find("component"); subj != meta->end()) {
      if (!subj->is_object()) return Bad("metadata.component is not an object");
      out.model_name = StringField(*subj, "name");
      AFS_TRY(CollectLicenses(*subj, "metadata.component", out.licenses));
      if (out.git_commit.empty()) out.git_commit = StringField(*subj, "version");
    }
  }
  auto comps = j.find("components");
  if (comps != j.end()) {
    if (!comps->is_array()) return Bad("components is not an array");
    if (comps->size() > n::kMaxComponents) return Bad("too many components");
    for (size_t i = 0; i < comps->size(); ++i) {
      const json& c = (*comps)[i];
      if (!c.is_object()) return Bad("components[" + std::to_string(i) + "] is not an object");
      std::string type = StringField(c, "type");
      if (type == "file") {
        AFS_ASSIGN_OR_RETURN(FileEntry f, ParseFileComponent(c));
        out.manifest.files.push_back(std::move(f));
      } else if (type == "machine-learning-model" || type == "data") {
        AFS_TRY(CollectLicenses(c, "component '" + StringField(c, "name") + "'", out.licenses));
      }
    }
  }
  out.manifest.Sort();
  if (auto s = out.manifest.Validate(); !s.ok()) return s.error().Context("CycloneDX BOM");
  return out;
}

}  // namespace attestfs::sbom

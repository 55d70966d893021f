// ParseModelSigningPredicate: untrusted model-signing v1.0 predicate JSON -> resources
// (files or shards method, sha256 only) and, when the attestfs extension is present, the
// full FileManifest, checked against the signed resources.
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "attestation/predicates/model_signing.h"
#include "attestation/statement.h"
#include "base/json_depth.h"

namespace attestfs::attestation::predicates {
namespace {

using nlohmann::json;

// More resources than this are rejected (a 64 MiB document holds fewer anyway).
constexpr size_t kMaxResources = 4'000'000;
// Largest shard size accepted (exactly representable as a double, as protobuf Struct sends it).
constexpr uint64_t kMaxShardSize = 1ull << 53;

Error Bad(const std::string& what) {
  return Error(Errc::kMalformed, "model-signing predicate: " + what);
}

Result<uint64_t> ParseU64(std::string_view s, const std::string& what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    return Bad(what + " is not an unsigned integer");
  return v;
}

// An unsigned JSON number, allowing integral floats such as 1000000000.0.
Result<uint64_t> JsonU64(const json& v, const std::string& what, uint64_t max) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > max) return Bad(what + " is too large");
    return v.get<uint64_t>();
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d <= static_cast<double>(max) && d == std::floor(d)) {
      return static_cast<uint64_t>(d);
    }
  }
  return Bad(what + " is not an unsigned integer");
}

Result<std::vector<std::string>> StringArray(const json& obj, const char* key,
                                             const std::string& where) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) return Bad(where + key + " is not an array");
  for (const auto& s : *it) {
    if (!s.is_string()) return Bad(where + key + " has a non-string entry");
    out.push_back(s.get<std::string>());
  }
  return out;
}

// "path:start:end" with start aligned to the shard size and at most one shard long.
Status CheckShardName(const std::string& name, uint64_t shard_size) {
  size_t c2 = name.rfind(':');
  size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : name.rfind(':', c2 - 1);
  if (c1 == std::string::npos)
    return Bad("shard name '" + name.substr(0, 200) + "' is not path:start:end");
  std::string path = name.substr(0, c1);
  AFS_TRY(ValidateRelativePath(path));
  AFS_ASSIGN_OR_RETURN(uint64_t start,
                       ParseU64(std::string_view(name).substr(c1 + 1, c2 - c1 - 1), "shard start"));
  AFS_ASSIGN_OR_RETURN(uint64_t end, ParseU64(std::string_view(name).substr(c2 + 1), "shard end"));
  if (start >= end || end - start > shard_size || start % shard_size != 0) {
    return Bad("shard '" + name.substr(0, 200) + "' does not fit shard size " +
               std::to_string(shard_size));
  }
  return OkStatus();
}

Result<ModelSigningResource> ParseResource(const json& r, const ModelSigningPredicate& p,
                                           const std::string& shard_algorithm) {
  if (!r.is_object()) return Bad("resource is not an object");
  auto name = r.find("name"), alg = r.find("algorithm"), dig = r.find("digest");
  if (name == r.end() || !name->is_string()) return Bad("resource without a name");
  ModelSigningResource res;
  res.name = name->get<std::string>();
  const std::string where = "resource '" + res.name.substr(0, 200) + "'";
  if (alg == r.end() || !alg->is_string()) return Bad(where + " has no algorithm");
  res.algorithm = alg->get<std::string>();
  if (dig == r.end() || !dig->is_string()) return Bad(where + " has no digest");
  auto d = digest::Digest::FromHex(dig->get<std::string>());
  if (!d.ok()) return Bad(where + ": digest is not 64 hex characters");
  res.digest_hex = d->Hex();
  if (p.method == "files") {
    if (res.algorithm != "sha256")
      return Bad(where + ": algorithm '" + res.algorithm + "' is not sha256");
    // "." names the model itself when the model is one file (model_signing signs file models so).
    if (res.name == ".") return res;
    if (auto s = ValidateRelativePath(res.name); !s.ok())
      return s.error().Context("model-signing predicate");
  } else {
    if (res.algorithm != shard_algorithm) {
      return Bad(where + ": algorithm '" + res.algorithm + "' is not " + shard_algorithm);
    }
    if (auto s = CheckShardName(res.name, p.shard_size); !s.ok())
      return s.error().Context("model-signing predicate");
  }
  return res;
}

// Rebuilds the manifest from the attestfs extension; it must list exactly the resources.
Result<FileManifest> ParseExtension(const json& ext, const ModelSigningPredicate& p) {
  if (!ext.is_object()) return Bad("attestfs extension is not an object");
  if (p.method != "files") return Bad("attestfs extension requires the files method");
  FileManifest m;
  auto cs = ext.find("chunkSize");
  if (cs == ext.end()) return Bad("attestfs.chunkSize missing");
  AFS_ASSIGN_OR_RETURN(m.chunk_size, JsonU64(*cs, "attestfs.chunkSize", kMaxChunkSize));
  AFS_ASSIGN_OR_RETURN(m.include_patterns, StringArray(ext, "include", "attestfs."));
  AFS_ASSIGN_OR_RETURN(m.exclude_patterns, StringArray(ext, "exclude", "attestfs."));
  AFS_ASSIGN_OR_RETURN(m.excluded, StringArray(ext, "excluded", "attestfs."));
  auto files = ext.find("files");
  if (files == ext.end() || !files->is_array()) return Bad("attestfs.files is not an array");
  if (files->size() != p.resources.size()) {
    return Bad("attestfs.files lists " + std::to_string(files->size()) +
               " files but resources list " + std::to_string(p.resources.size()));
  }
  for (size_t i = 0; i < files->size(); ++i) {
    const json& f = (*files)[i];
    if (!f.is_object()) return Bad("attestfs.files[" + std::to_string(i) + "] is not an object");
    FileEntry e;
    auto path = f.find("path");
    if (path == f.end() || !path->is_string())
      return Bad("attestfs.files[" + std::to_string(i) + "] has no path");
    e.path = path->get<std::string>();
    const std::string where = "attestfs file '" + e.path.substr(0, 200) + "'";
    if (e.path != p.resources[i].name) {
      return Bad(where + " does not match resource " + std::to_string(i) + " '" +
                 p.resources[i].name.substr(0, 200) + "'");
    }
    e.sha256 = *digest::Digest::FromHex(p.resources[i].digest_hex);
    auto size = f.find("size");
    if (size == f.end()) return Bad(where + " has no size");
    AFS_ASSIGN_OR_RETURN(e.size, JsonU64(*size, where + " size", UINT64_MAX));
    if (auto x = f.find("executable"); x != f.end()) {
      if (!x->is_boolean()) return Bad(where + ": executable is not a boolean");
      e.executable = x->get<bool>();
    }
    if (auto l = f.find("symlink"); l != f.end()) {
      if (!l->is_string()) return Bad(where + ": symlink is not a string");
      e.type = FileEntry::Type::kSymlink;
      e.link_target = l->get<std::string>();
    }
    if (auto c = f.find("chunks"); c != f.end()) {
      if (!c->is_string()) return Bad(where + ": chunks is not a string");
      auto chunks = DecodeChunks(c->get<std::string>());
      if (!chunks.ok()) return Bad(where + ": " + chunks.error().message());
      e.chunks = std::move(*chunks);
    }
    if (i > 0 && !PathLess(m.files.back().path, e.path))
      return Bad(where + " is out of model-signing order");
    m.files.push_back(std::move(e));
  }
  if (auto s = m.Validate(); !s.ok())
    return s.error().Context("model-signing predicate attestfs extension");
  if (p.allow_symlinks == false) {
    for (const auto& f : m.files) {
      if (f.type == FileEntry::Type::kSymlink)
        return Bad("symlink '" + f.path + "' but allow_symlinks is false");
    }
  }
  return m;
}

}  // namespace

Result<ModelSigningPredicate> ParseModelSigningPredicate(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return Error(Errc::kTooLarge, "model-signing predicate of " + std::to_string(text.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(kMaxDocumentBytes));
  }
  if (Status d = CheckJsonDepth(text); !d.ok()) return Bad(d.error().message());
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  auto ser = j.find("serialization");
  if (ser == j.end() || !ser->is_object()) return Bad("serialization missing");
  ModelSigningPredicate p;
  auto method = ser->find("method");
  if (method == ser->end() || !method->is_string()) return Bad("serialization.method missing");
  p.method = method->get<std::string>();
  if (p.method != "files" && p.method != "shards") {
    return Error(Errc::kUnsupported,
                 "model-signing predicate: method " + p.method.substr(0, 40) + " not supported");
  }
  auto hash = ser->find("hash_type");
  if (hash == ser->end() || !hash->is_string()) return Bad("serialization.hash_type missing");
  p.hash_type = hash->get<std::string>();
  if (p.hash_type != "sha256") {
    return Error(Errc::kUnsupported, "model-signing predicate: hash_type " +
                                         p.hash_type.substr(0, 40) + " not supported");
  }
  if (auto a = ser->find("allow_symlinks"); a != ser->end()) {
    if (!a->is_boolean()) return Bad("serialization.allow_symlinks is not a boolean");
    p.allow_symlinks = a->get<bool>();
  }
  AFS_ASSIGN_OR_RETURN(p.ignore_paths, StringArray(*ser, "ignore_paths", "serialization."));
  std::string shard_algorithm;
  if (p.method == "shards") {
    auto ss = ser->find("shard_size");
    if (ss == ser->end()) return Bad("serialization.shard_size missing for the shards method");
    AFS_ASSIGN_OR_RETURN(p.shard_size, JsonU64(*ss, "serialization.shard_size", kMaxShardSize));
    if (p.shard_size == 0) return Bad("serialization.shard_size is zero");
    shard_algorithm = "sha256-sharded-" + std::to_string(p.shard_size);
  }
  auto res = j.find("resources");
  if (res == j.end() || !res->is_array()) return Bad("resources missing");
  if (res->size() > kMaxResources)
    return Bad("more than " + std::to_string(kMaxResources) + " resources");
  std::set<std::string> names;
  for (const auto& r : *res) {
    AFS_ASSIGN_OR_RETURN(ModelSigningResource rd, ParseResource(r, p, shard_algorithm));
    if (!names.insert(rd.name).second)
      return Bad("duplicate resource '" + rd.name.substr(0, 200) + "'");
    p.resources.push_back(std::move(rd));
  }
  if (names.count(".") != 0 && p.resources.size() != 1)
    return Bad("resource '.' (a single-file model) must be the only resource");
  if (auto ext = j.find("attestfs"); ext != j.end()) {
    AFS_ASSIGN_OR_RETURN(FileManifest m, ParseExtension(*ext, p));
    p.manifest = std::move(m);
  }
  return p;
}

}  // namespace attestfs::attestation::predicates

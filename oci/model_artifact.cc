// BuildModelArtifact: ModelPack manifest/config construction, file roles, the tar packing plan
// and hashing packed layers from disk. Reading a layout back is model_layout.cc.
#include "oci/model_artifact.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/regular_file.h"
#include "base/unique_fd.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/media_types.h"

namespace attestfs::oci {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

constexpr size_t kReadBuffer = 1u << 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string FileMetadataJson(const attestation::FileEntry& f) {
  OJson j;
  j["name"] = f.path;
  j["mode"] = f.executable ? 0755 : 0644;
  j["uid"] = 0;
  j["gid"] = 0;
  j["size"] = f.size;
  j["mtime"] = FormatRfc3339(0);
  j["typeflag"] = 48;  // '0': regular file
  return j.dump();
}

// Hashes a tar plan from disk, checking packed files against their attested digests.
Result<digest::Digest> HashTar(const std::string& dir, const TarPlan& plan,
                               const std::vector<const attestation::FileEntry*>& members) {
  digest::Sha256Hasher tar;
  std::string buf(kReadBuffer, '\0');
  for (const TarSegment& s : plan.segments) {
    if (s.member < 0) {
      tar.Update(s.literal);
      continue;
    }
    const attestation::FileEntry& f = *members[static_cast<size_t>(s.member)];
    std::string path = dir + "/" + f.path;
    AFS_ASSIGN_OR_RETURN(UniqueFd fd, OpenRegularFile(path, path, nullptr, FinalSymlink::kFollow));
    digest::Sha256Hasher file;
    uint64_t left = s.length;
    while (left > 0) {
      ssize_t k = ::read(fd.get(), buf.data(), std::min<uint64_t>(left, buf.size()));
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) return ErrnoError("read " + path, errno);
      if (k == 0) return Error(Errc::kVerificationFailed, path + " is shorter than attested");
      tar.Update(buf.data(), static_cast<size_t>(k));
      file.Update(buf.data(), static_cast<size_t>(k));
      left -= static_cast<uint64_t>(k);
    }
    if (file.Finish() != f.sha256) {
      return Error(Errc::kVerificationFailed, path + " does not match its attested digest");
    }
  }
  return tar.Finish();
}

}  // namespace

FileRole ClassifyModelFile(std::string_view path) {
  std::string p = Lower(path);
  std::string base = p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
  for (const char* ext : {".safetensors", ".bin", ".gguf", ".ggml", ".pt", ".pth", ".ckpt", ".onnx",
                          ".h5", ".msgpack", ".tflite", ".pb", ".npz", ".npy", ".mlmodel",
                          ".pdparams", ".params", ".engine", ".plan"}) {
    if (EndsWith(base, ext)) return FileRole::kWeight;
  }
  for (const char* ext : {".csv", ".tsv", ".parquet", ".jsonl", ".arrow", ".tfrecord"}) {
    if (EndsWith(base, ext)) return FileRole::kDataset;
  }
  if (base.rfind("readme", 0) == 0 || base.rfind("license", 0) == 0 ||
      base.rfind("licence", 0) == 0 || base.rfind("notice", 0) == 0 || EndsWith(base, ".md") ||
      EndsWith(base, ".rst") || EndsWith(base, ".pdf") || EndsWith(base, ".png") ||
      EndsWith(base, ".jpg")) {
    return FileRole::kDoc;
  }
  for (const char* ext : {".py", ".sh", ".js", ".ts", ".ipynb", ".c", ".cc", ".cpp", ".h", ".go",
                          ".rs", ".java", ".rb", ".lua"}) {
    if (EndsWith(base, ext)) return FileRole::kCode;
  }
  return FileRole::kWeightConfig;  // config.json, tokenizer files, vocabularies, yaml, ...
}

std::string ModelLayerMediaType(FileRole role, bool tar) {
  const char* kind = "weight";
  switch (role) {
    case FileRole::kWeight:
      kind = "weight";
      break;
    case FileRole::kWeightConfig:
      kind = "weight.config";
      break;
    case FileRole::kDoc:
      kind = "doc";
      break;
    case FileRole::kCode:
      kind = "code";
      break;
    case FileRole::kDataset:
      kind = "dataset";
      break;
  }
  return std::string(kModelLayerPrefix) + kind + ".v1." + (tar ? "tar" : "raw");
}

ModelLayout ModelArtifact::Layout() const {
  ModelLayout out;
  for (auto& f : files) out[f.path] = f;
  return out;
}

Result<ModelArtifact> BuildModelArtifact(const std::string& dir,
                                         const attestation::FileManifest& fm,
                                         const ModelBuildOptions& options) {
  AFS_TRY(fm.Validate());
  ModelArtifact art;
  art.root_dir = dir;
  const size_t n = fm.files.size();
  // Which files stay raw: all of them up to the limit; beyond it, the largest half of the budget.
  std::vector<bool> raw(n, true);
  if (n > options.max_raw_layers) {
    std::vector<size_t> by_size(n);
    for (size_t i = 0; i < n; ++i) by_size[i] = i;
    std::stable_sort(by_size.begin(), by_size.end(),
                     [&](size_t a, size_t b) { return fm.files[a].size > fm.files[b].size; });
    size_t keep = options.max_raw_layers / 2;
    for (size_t r = keep; r < n; ++r) raw[by_size[r]] = false;
  }
  std::map<std::string, ModelFileLocation> where;
  for (size_t i = 0; i < n; ++i) {
    if (!raw[i]) continue;
    const auto& f = fm.files[i];
    ModelLayer layer;
    layer.descriptor.media_type = ModelLayerMediaType(ClassifyModelFile(f.path), false);
    layer.descriptor.digest = f.sha256;
    layer.descriptor.size = static_cast<int64_t>(f.size);
    layer.descriptor.annotations[std::string(kAnnotationModelFilepath)] = f.path;
    layer.descriptor.annotations[std::string(kAnnotationTitle)] = f.path;
    layer.descriptor.annotations[std::string(kAnnotationModelFileMetadata)] = FileMetadataJson(f);
    layer.paths = {f.path};
    where[f.path] = {f.path, f.sha256, 0, f.size, false};
    art.layers.push_back(std::move(layer));
  }
  // Packed files: grouped by role, lexical order, split by size and count.
  std::map<FileRole, std::vector<const attestation::FileEntry*>> groups;
  for (size_t i = 0; i < n; ++i) {
    if (!raw[i]) groups[ClassifyModelFile(fm.files[i].path)].push_back(&fm.files[i]);
  }
  Json packed = Json::array();
  int tar_no = 0;
  for (auto& [role, list] : groups) {
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->path < b->path; });
    for (size_t start = 0; start < list.size();) {
      std::vector<const attestation::FileEntry*> members;
      uint64_t bytes = 0;
      while (start < list.size() && members.size() < kMaxPackedLayerFiles &&
             (members.empty() || bytes + list[start]->size <= kMaxPackedLayerBytes)) {
        bytes += list[start]->size;
        members.push_back(list[start++]);
      }
      std::vector<TarMember> tm;
      for (auto* f : members) tm.push_back({f->path, f->size, f->executable});
      AFS_ASSIGN_OR_RETURN(TarPlan plan, PlanTar(tm));
      AFS_ASSIGN_OR_RETURN(digest::Digest tar_digest, HashTar(dir, plan, members));
      ModelLayer layer;
      layer.descriptor.media_type = ModelLayerMediaType(role, true);
      layer.descriptor.digest = tar_digest;
      layer.descriptor.size = static_cast<int64_t>(plan.total_size);
      layer.descriptor.annotations[std::string(kAnnotationTitle)] =
          "packed-" + std::to_string(tar_no++) + ".tar";
      for (size_t m = 0; m < members.size(); ++m) {
        layer.paths.push_back(members[m]->path);
        where[members[m]->path] = {members[m]->path, tar_digest, plan.member_offsets[m],
                                   members[m]->size, true};
        packed.push_back({{"path", members[m]->path},
                          {"layer", tar_digest.ToString()},
                          {"offset", plan.member_offsets[m]},
                          {"size", members[m]->size}});
      }
      layer.tar = std::move(plan);
      art.layers.push_back(std::move(layer));
    }
  }
  for (auto& f : fm.files) art.files.push_back(where.at(f.path));

  std::string name = options.name;
  if (name.empty()) {
    std::string d = dir;
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    name = d.substr(d.rfind('/') == std::string::npos ? 0 : d.rfind('/') + 1);
  }
  OJson cfg;
  cfg["descriptor"] = {{"createdAt", FormatRfc3339(options.created_unix)}, {"name", name}};
  cfg["config"] = OJson::object();
  OJson diff_ids = OJson::array();
  for (auto& l : art.layers) diff_ids.push_back(l.descriptor.digest.ToString());
  cfg["modelfs"] = {{"type", "layers"}, {"diffIds", diff_ids}};
  if (!packed.empty()) cfg[std::string(kPackedFilesKey)] = OJson::parse(packed.dump());
  art.config_bytes = cfg.dump();
  art.config = DescribeBytes(kModelConfig, art.config_bytes);

  Manifest m;
  m.media_type = std::string(kOciManifest);
  m.artifact_type = std::string(kModelArtifactType);
  m.config = art.config;
  for (auto& l : art.layers) m.layers.push_back(l.descriptor);
  m.annotations = options.annotations;
  m.annotations[std::string(kAnnotationCreated)] = FormatRfc3339(options.created_unix);
  art.manifest_bytes = m.Serialize();
  if (art.manifest_bytes.size() > kMaxManifestBytes) {
    return Error(Errc::kTooLarge, "model manifest would be " +
                                      std::to_string(art.manifest_bytes.size()) +
                                      " bytes, over 4 MiB");
  }
  art.manifest = DescribeBytes(kOciManifest, art.manifest_bytes);
  return art;
}

}  // namespace attestfs::oci

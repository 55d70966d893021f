// GuessKind: model, dataset or plain files, from file names and model/dataset card keys.
// Order: dataset-card keys, then model files, then model-card keys, then data-only file sets.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "sbom/cyclonedx_bom.h"
#include "sbom/front_matter.h"

namespace attestfs::sbom {
namespace {

constexpr std::array<std::string_view, 12> kModelExtensions = {
    ".safetensors", ".gguf", ".onnx", ".bin",    ".pt",      ".pth",
    ".ckpt",        ".h5",   ".pb",   ".tflite", ".mlmodel", ".keras"};
constexpr std::array<std::string_view, 4> kModelFileNames = {
    "config.json", "tokenizer.json", "generation_config.json", "adapter_config.json"};
constexpr std::array<std::string_view, 6> kDataExtensions = {".parquet", ".csv",   ".tsv",
                                                             ".jsonl",   ".arrow", ".jsonl.gz"};
// Card keys that only dataset cards use (huggingface/hub-docs datasets-cards.md).
constexpr std::array<std::string_view, 9> kDatasetCardKeys = {
    "task_categories",      "size_categories",   "task_ids",
    "annotations_creators", "language_creators", "source_datasets",
    "multilinguality",      "dataset_info",      "pretty_name"};
constexpr std::array<std::string_view, 5> kModelCardKeys = {
    "pipeline_tag", "library_name", "base_model", "model-index", "model_name"};

std::string LowerBaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

template <size_t N>
bool EndsWithAny(const std::string& s, const std::array<std::string_view, N>& suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view x) { return s.ends_with(x); });
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Documentation and repository bookkeeping, which says nothing about the kind.
bool IsDocFile(const std::string& name) {
  return name.starts_with("readme") || name.starts_with("license") || name.starts_with("licence") ||
         name.starts_with(".git") || name.ends_with(".md") || name.ends_with(".txt");
}

}  // namespace

BomContext::Kind GuessKind(const attestation::FileManifest& manifest,
                           std::string_view readme_text) {
  std::vector<std::string> keys;
  if (auto k = FrontMatterKeys(readme_text); k.ok()) keys = std::move(*k);
  auto has_key = [&](const auto& list) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](const std::string& k) { return Contains(list, k); });
  };
  if (has_key(kDatasetCardKeys)) return BomContext::Kind::kDataset;
  bool any_data = false, only_data = true;
  for (const auto& f : manifest.files) {
    std::string name = LowerBaseName(f.path);
    if (Contains(kModelFileNames, name) || EndsWithAny(name, kModelExtensions))
      return BomContext::Kind::kModel;
    if (EndsWithAny(name, kDataExtensions)) {
      any_data = true;
    } else if (!IsDocFile(name)) {
      only_data = false;
    }
  }
  if (has_key(kModelCardKeys)) return BomContext::Kind::kModel;
  if (any_data && only_data) return BomContext::Kind::kDataset;
  return BomContext::Kind::kFiles;
}

}  // namespace attestfs::sbom

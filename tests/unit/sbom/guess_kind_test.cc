// Tests for GuessKind: model, dataset or plain files from file names and card keys.
#include <gtest/gtest.h>

#include "sample_manifest.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::sbom {
namespace {

using Kind = BomContext::Kind;

attestation::FileManifest Files(std::initializer_list<const char*> paths) {
  attestation::FileManifest m;
  for (const char* p : paths)
    m.files.push_back({.path = p, .size = 1, .sha256 = digest::Sha256(p)});
  return m;
}

TEST(GuessKindTest, WeightsOrConfigMeanModel) {
  EXPECT_EQ(GuessKind(Files({"config.json"}), ""), Kind::kModel);
  EXPECT_EQ(GuessKind(Files({"README.md", "model.safetensors"}), ""), Kind::kModel);
  EXPECT_EQ(GuessKind(Files({"q4/model-Q4_K_M.GGUF"}), ""), Kind::kModel);
  EXPECT_EQ(GuessKind(Files({"onnx/model.onnx"}), ""), Kind::kModel);
  for (const char* f :
       {"w.bin", "w.pt", "w.pth", "w.ckpt", "w.h5", "saved_model.pb", "tokenizer.json"}) {
    EXPECT_EQ(GuessKind(Files({f}), ""), Kind::kModel) << f;
  }
}

TEST(GuessKindTest, ModelCardKeysMeanModel) {
  EXPECT_EQ(
      GuessKind(Files({"README.md", "notes.py"}), "---\npipeline_tag: text-generation\n---\n"),
      Kind::kModel);
  EXPECT_EQ(GuessKind(Files({"README.md"}), "---\nlibrary_name: peft\n---\n"), Kind::kModel);
}

TEST(GuessKindTest, DatasetCardKeysOrDataFilesMeanDataset) {
  EXPECT_EQ(
      GuessKind(Files({"README.md", "data/train-00000.json"}),
                "---\ntask_categories: [text-classification]\nsize_categories: [1K<n<10K]\n---\n"),
      Kind::kDataset);
  EXPECT_EQ(
      GuessKind(Files({"README.md", "train.parquet", "test.csv", "val.jsonl", "x.arrow"}), ""),
      Kind::kDataset);
}

TEST(GuessKindTest, MixedOrUnknownFilesAreFiles) {
  EXPECT_EQ(GuessKind(Files({"train.parquet", "main.py"}), ""), Kind::kFiles);
  EXPECT_EQ(GuessKind(Files({"a.txt", "b.so"}), ""), Kind::kFiles);
  EXPECT_EQ(GuessKind(Files({"README.md"}), ""), Kind::kFiles);
  EXPECT_EQ(GuessKind(Files({}), ""), Kind::kFiles);
  // Broken front matter does not change the guess from the files.
  EXPECT_EQ(GuessKind(Files({"model.gguf"}), "---\n[broken\n---\n"), Kind::kModel);
  // "datasets" in a model card is not a dataset card key.
  EXPECT_EQ(GuessKind(Files({"a.txt"}), "---\ndatasets: [imdb]\n---\n"), Kind::kFiles);
}

}  // namespace
}  // namespace attestfs::sbom

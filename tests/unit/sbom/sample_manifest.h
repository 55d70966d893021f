// Test fixtures for the sbom tests: a model-like FileManifest (chunked weights, an executable
// script, a symlink), a model card and config.json, and a field-by-field manifest comparison.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "attestation/file_manifest.h"
#include "digest/sha256_hasher.h"

namespace attestfs::sbom::fixtures {

inline attestation::FileManifest SampleModelManifest() {
  using attestation::FileEntry;
  attestation::FileManifest m;
  m.chunk_size = attestation::kMinChunkSize;
  const uint64_t big = 2 * m.chunk_size + 5;  // three chunks
  FileEntry weights{.path = "model.safetensors", .size = big, .sha256 = digest::Sha256("weights")};
  for (int i = 0; i < 3; ++i) weights.chunks.push_back(digest::Sha256("chunk" + std::to_string(i)));
  FileEntry link{.path = "pytorch/model.safetensors",
                 .type = FileEntry::Type::kSymlink,
                 .size = big,
                 .sha256 = weights.sha256,
                 .link_target = "../model.safetensors",
                 .chunks = weights.chunks};
  FileEntry script{
      .path = "scripts/run.sh", .size = 10, .sha256 = digest::Sha256("run"), .executable = true};
  FileEntry config{.path = "config.json", .size = 50, .sha256 = digest::Sha256("config")};
  FileEntry readme{.path = "README.md", .size = 200, .sha256 = digest::Sha256("readme")};
  FileEntry empty{.path = "empty.txt", .size = 0, .sha256 = digest::Sha256("")};
  m.files = {weights, link, script, config, readme, empty};
  m.include_patterns = {"**"};
  m.exclude_patterns = {"*.tmp", ".git/**"};
  m.excluded = {"scratch.tmp", "x/y.tmp"};
  m.Sort();
  return m;
}

inline constexpr const char* kSampleReadme =
    "---\n"
    "license: apache-2.0\n"
    "datasets:\n"
    "  - imdb\n"
    "  - HuggingFaceFW/fineweb\n"
    "base_model: google-bert/bert-base-uncased\n"
    "pipeline_tag: text-classification\n"
    "library_name: transformers\n"
    "tags: [sentiment, bert]\n"
    "---\n"
    "# Tiny sentiment model\n"
    "\n"
    "<!-- Provide a quick summary -->\n"
    "A tiny BERT fine-tuned on IMDB\n"
    "for sentiment analysis.\n"
    "\n"
    "## Usage\n"
    "Load it with transformers.\n";

inline constexpr const char* kSampleConfig =
    R"({"model_type":"bert","architectures":["BertForSequenceClassification"],"hidden_size":768})";

inline void ExpectSameManifest(const attestation::FileManifest& a,
                               const attestation::FileManifest& b) {
  EXPECT_EQ(a.chunk_size, b.chunk_size);
  EXPECT_EQ(a.include_patterns, b.include_patterns);
  EXPECT_EQ(a.exclude_patterns, b.exclude_patterns);
  EXPECT_EQ(a.excluded, b.excluded);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    const auto& x = a.files[i];
    const auto& y = b.files[i];
    SCOPED_TRACE(x.path);
    EXPECT_EQ(x.path, y.path);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.size, y.size);
    EXPECT_EQ(x.sha256, y.sha256);
    EXPECT_EQ(x.executable, y.executable);
    EXPECT_EQ(x.link_target, y.link_target);
    EXPECT_EQ(x.chunks, y.chunks);
  }
}

}  // namespace attestfs::sbom::fixtures

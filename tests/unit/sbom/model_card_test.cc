// Tests for the Hugging Face model card reader and the HF -> SPDX license map.
#include "sbom/model_card.h"

#include <gtest/gtest.h>

#include "sample_manifest.h"

namespace attestfs::sbom {
namespace {

using Strings = std::vector<std::string>;

TEST(ModelCardTest, ReadsFrontMatterFields) {
  auto card = ParseModelCard(fixtures::kSampleReadme);
  ASSERT_TRUE(card.ok()) << card.error().message();
  EXPECT_EQ(card->licenses, Strings{"Apache-2.0"});
  EXPECT_EQ(card->datasets, (Strings{"imdb", "HuggingFaceFW/fineweb"}));
  EXPECT_EQ(card->base_model, "google-bert/bert-base-uncased");
  EXPECT_EQ(card->pipeline_tag, "text-classification");
  EXPECT_EQ(card->library_name, "transformers");
  EXPECT_EQ(card->tags, (Strings{"sentiment", "bert"}));
  EXPECT_EQ(card->description, "A tiny BERT fine-tuned on IMDB for sentiment analysis.");
}

TEST(ModelCardTest, LicenseMayBeAListAndIsMappedToSpdx) {
  auto card =
      ParseModelCard("---\nlicense:\n  - MIT\n  - cc-by-nc-4.0\n  - openrail\n  - mit\n---\n");
  ASSERT_TRUE(card.ok()) << card.error().message();
  EXPECT_EQ(card->licenses, (Strings{"MIT", "CC-BY-NC-4.0", "openrail"}));  // duplicates folded
}

TEST(ModelCardTest, OtherLicenseUsesLicenseNameAndLink) {
  auto card = ParseModelCard(
      "---\nlicense: other\nlicense_name: llama3\nlicense_link: LICENSE\n---\nText\n");
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->licenses, Strings{"llama3"});
  EXPECT_EQ(card->license_link, "LICENSE");
  auto bare = ParseModelCard("---\nlicense: other\n---\n");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->licenses, Strings{"other"});
}

TEST(ModelCardTest, ScalarDatasetsAndListBaseModel) {
  auto card =
      ParseModelCard("---\ndatasets: squad\nbase_model: [a/b, c/d]\ntags: [x, y, x]\n---\n");
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->datasets, Strings{"squad"});
  EXPECT_EQ(card->base_model, "a/b,c/d");
  EXPECT_EQ(card->tags, (Strings{"x", "y"}));
}

TEST(ModelCardTest, MissingFrontMatterGivesEmptyCard) {
  auto card = ParseModelCard("# Title\n\nJust prose, license: mit is not front matter.\n");
  ASSERT_TRUE(card.ok());
  EXPECT_TRUE(card->licenses.empty());
  EXPECT_TRUE(card->datasets.empty());
  EXPECT_TRUE(card->tags.empty());
  EXPECT_EQ(card->description, "Just prose, license: mit is not front matter.");
  auto empty = ParseModelCard("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->description.empty());
}

TEST(ModelCardTest, AcceptsCrLfAndEmptyFrontMatter) {
  auto card = ParseModelCard("---\r\nlicense: mit\r\n---\r\nHello\r\n");
  ASSERT_TRUE(card.ok()) << card.error().message();
  EXPECT_EQ(card->licenses, Strings{"MIT"});
  EXPECT_EQ(card->description, "Hello");
  auto empty = ParseModelCard("---\n---\nBody\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->licenses.empty());
}

TEST(ModelCardTest, MalformedYamlIsReportedWithLine) {
  auto card = ParseModelCard("---\nlicense: mit\ntags: [a, b\n---\n");
  ASSERT_FALSE(card.ok());
  EXPECT_EQ(card.error().code(), Errc::kMalformed);
  EXPECT_NE(card.error().message().find("README.md front matter: line "), std::string::npos)
      << card.error().message();
}

TEST(ModelCardTest, RejectsWrongShapesAndUnclosedFrontMatter) {
  EXPECT_EQ(ParseModelCard("---\nlicense: {a: b}\n---\n").error().code(), Errc::kMalformed);
  EXPECT_EQ(ParseModelCard("---\nlicense: [[mit]]\n---\n").error().code(), Errc::kMalformed);
  EXPECT_EQ(ParseModelCard("---\n- just\n- a list\n---\n").error().code(), Errc::kMalformed);
  auto unclosed = ParseModelCard("---\nlicense: mit\n");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.error().message().find("no closing"), std::string::npos);
}

TEST(ModelCardTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "---\nx: " + std::string(100000, '[') + "\n---\n";
  EXPECT_FALSE(ParseModelCard(deep).ok());
}

TEST(HuggingFaceLicenseTest, MapsHubIdsToSpdxCaseInsensitively) {
  EXPECT_EQ(HuggingFaceLicenseToSpdx("apache-2.0"), "Apache-2.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("Apache-2.0"), "Apache-2.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("mit"), "MIT");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("cc-by-4.0"), "CC-BY-4.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("cc-by-nc-sa-4.0"), "CC-BY-NC-SA-4.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("gpl-3.0"), "GPL-3.0-only");  // not the deprecated GPL-3.0
  EXPECT_EQ(HuggingFaceLicenseToSpdx("lgpl-2.1"), "LGPL-2.1-only");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("agpl-3.0"), "AGPL-3.0-only");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("bsd-3-clause"), "BSD-3-Clause");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("odbl"), "ODbL-1.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("cc0-1.0"), "CC0-1.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("etalab-2.0"), "etalab-2.0");
  EXPECT_EQ(HuggingFaceLicenseToSpdx("zlib"), "Zlib");
}

TEST(HuggingFaceLicenseTest, NonSpdxHubIdsMapToNothing) {
  for (const char* id : {"llama2", "llama3.1", "openrail", "bigscience-openrail-m", "cc", "bsd",
                         "gpl", "lgpl", "other", "unknown", "gemma", ""}) {
    EXPECT_EQ(HuggingFaceLicenseToSpdx(id), "") << id;
  }
}

}  // namespace
}  // namespace attestfs::sbom

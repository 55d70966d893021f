// Interop: BOMs written by BuildCycloneDx must pass the CycloneDX project's strict JSON-schema
// validator (tests/interop/cdx-validate.js, @cyclonedx/cyclonedx-library), and broken BOMs must
// fail it. Skipped when tests/interop/node_modules is missing, unless ATTESTFS_REQUIRE_INTEROP=1.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "sample_manifest.h"
#include "sbom/cyclonedx_bom.h"
#include "sbom/model_card.h"

namespace attestfs::sbom {
namespace {

namespace fs = std::filesystem;

const fs::path kInteropDir = fs::path(ATTESTFS_SOURCE_DIR) / "tests" / "interop";

class CdxInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bool required = std::getenv("ATTESTFS_REQUIRE_INTEROP") &&
                    std::string(std::getenv("ATTESTFS_REQUIRE_INTEROP")) == "1";
    std::string why;
    if (!fs::exists(kInteropDir / "node_modules" / "@cyclonedx" / "cyclonedx-library")) {
      why =
          "tests/interop/node_modules/@cyclonedx/cyclonedx-library missing (run npm install in "
          "tests/interop)";
    } else if (std::system("node --version >/dev/null 2>&1") != 0) {
      why = "node is not installed";
    }
    if (!why.empty()) {
      if (required) FAIL() << "ATTESTFS_REQUIRE_INTEROP=1 but " << why;
      GTEST_SKIP() << why;
    }
    char tmpl[] = "/tmp/afs-cdx-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs the validator on `text`; returns its exit code and stores its output.
  int Validate(const std::string& text, const std::string& name) {
    fs::path file = dir_ / name;
    std::ofstream(file) << text;
    std::string cmd =
        "node '" + (kInteropDir / "cdx-validate.js").string() + "' '" + file.string() + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    output_.clear();
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0) output_.append(buf, n);
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
  std::string output_;
};

BomContext ModelContext() {
  BomContext ctx;
  ctx.kind = BomContext::Kind::kModel;
  ctx.name = "tiny-bert";
  ctx.readme_text = fixtures::kSampleReadme;
  ctx.config_json_text = fixtures::kSampleConfig;
  ctx.git_commit = "0123456789abcdef0123456789abcdef01234567";
  ctx.git_remote = "https://huggingface.co/acme/tiny-bert";
  ctx.git_uncommitted = {"notes.txt"};
  ctx.git_lfs_missing = {"big.bin"};
  ctx.created_unix = 1700000000;
  ctx.tool_version = "0.1.0";
  return ctx;
}

TEST_F(CdxInteropTest, ModelBomIsValidCycloneDx16) {
  auto bom = BuildCycloneDx(fixtures::SampleModelManifest(), ModelContext());
  ASSERT_TRUE(bom.ok()) << bom.error().message();
  EXPECT_EQ(Validate(*bom, "model.json"), 0) << output_;
  EXPECT_NE(output_.find("VALID"), std::string::npos) << output_;
}

TEST_F(CdxInteropTest, ModelBomWithNamedLicensesAndScpRemoteIsValid) {
  BomContext ctx = ModelContext();
  ctx.readme_text = "---\nlicense: [llama2, gpl-3.0, mit]\n---\n";
  ctx.git_remote = "git@github.com:acme/tiny-bert.git";
  ASSERT_EQ(Validate(*BuildCycloneDx(fixtures::SampleModelManifest(), ctx), "named.json"), 0)
      << output_;
  ctx.readme_text =
      "---\nlicense: other\nlicense_name: acme-rail\nlicense_link: "
      "https://acme.example/LICENSE\n---\n";
  ASSERT_EQ(Validate(*BuildCycloneDx(fixtures::SampleModelManifest(), ctx), "other.json"), 0)
      << output_;
  ctx.readme_text = "---\nlicense: other\nlicense_name: acme-rail\nlicense_link: LICENSE.md\n---\n";
  ASSERT_EQ(Validate(*BuildCycloneDx(fixtures::SampleModelManifest(), ctx), "relative.json"), 0)
      << output_;
}

TEST_F(CdxInteropTest, DatasetAndPlainFilesBomsAreValid) {
  attestation::FileManifest m;
  m.files = {{.path = "data/train.parquet", .size = 10, .sha256 = digest::Sha256("t")},
             {.path = "données/é.csv", .size = 3, .sha256 = digest::Sha256("e")},
             {.path = "README.md", .size = 3, .sha256 = digest::Sha256("r")}};
  m.Sort();
  BomContext ctx;
  ctx.name = "reviews";
  ctx.readme_text =
      "---\nlicense: cc-by-sa-4.0\ntask_categories: [text-classification]\n---\nReviews.\n";
  ctx.kind = GuessKind(m, ctx.readme_text);
  ASSERT_EQ(ctx.kind, BomContext::Kind::kDataset);
  ASSERT_EQ(Validate(*BuildCycloneDx(m, ctx), "dataset.json"), 0) << output_;
  ctx.kind = BomContext::Kind::kFiles;
  ctx.readme_text.clear();
  ASSERT_EQ(Validate(*BuildCycloneDx(m, ctx), "files.json"), 0) << output_;
}

TEST_F(CdxInteropTest, BrokenBomsAreRejected) {
  auto text = BuildCycloneDx(fixtures::SampleModelManifest(), ModelContext());
  ASSERT_TRUE(text.ok());
  nlohmann::json bom = nlohmann::json::parse(*text);
  nlohmann::json extra = bom;
  extra["unknownTopLevel"] = true;
  EXPECT_EQ(Validate(extra.dump(), "extra.json"), 1) << output_;
  EXPECT_NE(output_.find("additionalProperties"), std::string::npos) << output_;
  nlohmann::json bad_hash = bom;
  for (auto& c : bad_hash["components"]) {
    if (c["type"] == "file") c["hashes"][0]["content"] = "xyz";
  }
  EXPECT_EQ(Validate(bad_hash.dump(), "hash.json"), 1) << output_;
  nlohmann::json bad_license = bom;
  bad_license["metadata"]["component"]["licenses"] =
      nlohmann::json::parse(R"([{"license":{"id":"llama2"}}])");
  EXPECT_EQ(Validate(bad_license.dump(), "license.json"), 1) << output_;
  EXPECT_EQ(Validate("not json", "garbage.json"), 1) << output_;
}

// Every SPDX id our Hugging Face map produces is in the SPDX list the validator checks ids against.
TEST_F(CdxInteropTest, MappedLicenseIdsAreInTheSpdxSchema) {
  std::ifstream in(
      kInteropDir /
      "node_modules/@cyclonedx/cyclonedx-library/res/schema/spdx.SNAPSHOT.schema.json");
  ASSERT_TRUE(in.good());
  nlohmann::json schema = nlohmann::json::parse(in);
  std::set<std::string> ids(schema["enum"].begin(), schema["enum"].end());
  // Hugging Face Hub license ids (hub-docs repositories-licenses.md).
  const char* hub_ids[] = {"apache-2.0",
                           "mit",
                           "openrail",
                           "bigscience-openrail-m",
                           "creativeml-openrail-m",
                           "bigscience-bloom-rail-1.0",
                           "bigcode-openrail-m",
                           "afl-3.0",
                           "artistic-2.0",
                           "bsl-1.0",
                           "bsd",
                           "bsd-2-clause",
                           "bsd-3-clause",
                           "bsd-3-clause-clear",
                           "c-uda",
                           "cc",
                           "cc0-1.0",
                           "cc-by-2.0",
                           "cc-by-2.5",
                           "cc-by-3.0",
                           "cc-by-4.0",
                           "cc-by-sa-3.0",
                           "cc-by-sa-4.0",
                           "cc-by-nc-2.0",
                           "cc-by-nc-3.0",
                           "cc-by-nc-4.0",
                           "cc-by-nd-4.0",
                           "cc-by-nc-nd-3.0",
                           "cc-by-nc-nd-4.0",
                           "cc-by-nc-sa-2.0",
                           "cc-by-nc-sa-3.0",
                           "cc-by-nc-sa-4.0",
                           "cdla-sharing-1.0",
                           "cdla-permissive-1.0",
                           "cdla-permissive-2.0",
                           "wtfpl",
                           "ecl-2.0",
                           "epl-1.0",
                           "epl-2.0",
                           "etalab-2.0",
                           "eupl-1.1",
                           "eupl-1.2",
                           "agpl-3.0",
                           "gfdl",
                           "gpl",
                           "gpl-2.0",
                           "gpl-3.0",
                           "lgpl",
                           "lgpl-2.1",
                           "lgpl-3.0",
                           "isc",
                           "h-research",
                           "intel-research",
                           "lppl-1.3c",
                           "ms-pl",
                           "apple-ascl",
                           "apple-amlr",
                           "mpl-2.0",
                           "odc-by",
                           "odbl",
                           "openrail++",
                           "osl-3.0",
                           "postgresql",
                           "ofl-1.1",
                           "ncsa",
                           "unlicense",
                           "zlib",
                           "pddl",
                           "lgpl-lr",
                           "deepfloyd-if-license",
                           "llama2",
                           "llama3",
                           "llama3.1",
                           "llama3.2",
                           "llama3.3",
                           "gemma",
                           "unknown",
                           "other"};
  size_t mapped = 0;
  for (const char* id : hub_ids) {
    std::string spdx = HuggingFaceLicenseToSpdx(id);
    if (spdx.empty()) continue;
    ++mapped;
    EXPECT_TRUE(ids.count(spdx)) << id << " -> " << spdx << " is not an SPDX id";
  }
  EXPECT_GE(mapped, 50u);
}

}  // namespace
}  // namespace attestfs::sbom

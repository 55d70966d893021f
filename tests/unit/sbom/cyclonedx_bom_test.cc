// Tests for BuildCycloneDx / ParseCycloneDx: round trip, every written field, licenses,
// purl and git data, and rejection of malformed or hostile BOMs.
#include "sbom/cyclonedx_bom.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "attestation/statement.h"
#include "sample_manifest.h"

namespace attestfs::sbom {
namespace {

using fixtures::ExpectSameManifest;
using fixtures::SampleModelManifest;
using nlohmann::json;

constexpr const char* kCommit = "0123456789abcdef0123456789abcdef01234567";

BomContext ModelContext() {
  BomContext ctx;
  ctx.kind = BomContext::Kind::kModel;
  ctx.name = "tiny-bert";
  ctx.readme_text = fixtures::kSampleReadme;
  ctx.config_json_text = fixtures::kSampleConfig;
  ctx.git_commit = kCommit;
  ctx.git_remote = "https://user:secret@huggingface.co/acme/tiny-bert";
  ctx.git_uncommitted = {"notes.txt"};
  ctx.git_lfs_missing = {"big.bin"};
  ctx.created_unix = 1700000000;
  ctx.tool_version = "0.1.0";
  return ctx;
}

json Build(const attestation::FileManifest& m, const BomContext& ctx) {
  auto text = BuildCycloneDx(m, ctx);
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message());
  return text.ok() ? json::parse(*text) : json();
}

std::vector<std::string> PropValues(const json& props, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& p : props) {
    if (p["name"] == name) out.push_back(p["value"]);
  }
  return out;
}

const json* FindComponent(const json& bom, const std::string& ref) {
  for (const auto& c : bom["components"]) {
    if (c.value("bom-ref", "") == ref) return &c;
  }
  return nullptr;
}

TEST(CycloneDxTest, RoundTripRebuildsTheManifest) {
  auto m = SampleModelManifest();
  auto text = BuildCycloneDx(m, ModelContext());
  ASSERT_TRUE(text.ok()) << text.error().message();
  auto parsed = ParseCycloneDx(*text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  ExpectSameManifest(parsed->manifest, m);
  EXPECT_EQ(parsed->model_name, "tiny-bert");
  EXPECT_EQ(parsed->git_commit, kCommit);
  EXPECT_EQ(parsed->licenses, std::vector<std::string>{"Apache-2.0"});
  EXPECT_EQ(parsed->manifest.SubjectDigest(), m.SubjectDigest());
}

TEST(CycloneDxTest, WritesRootAndMetadataFields) {
  json bom = Build(SampleModelManifest(), ModelContext());
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["$schema"], "http://cyclonedx.org/schema/bom-1.6.schema.json");
  EXPECT_EQ(bom["version"], 1);
  std::regex uuid4("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(bom["serialNumber"].get<std::string>(), uuid4))
      << bom["serialNumber"];
  const json& meta = bom["metadata"];
  EXPECT_EQ(meta["timestamp"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(meta["tools"]["components"][0]["type"], "application");
  EXPECT_EQ(meta["tools"]["components"][0]["name"], "attestfs");
  EXPECT_EQ(meta["tools"]["components"][0]["version"], "0.1.0");
  const json& props = meta["properties"];
  EXPECT_EQ(PropValues(props, "attestfs:chunkSize"), std::vector<std::string>{"65536"});
  EXPECT_EQ(PropValues(props, "attestfs:kind"), std::vector<std::string>{"model"});
  EXPECT_EQ(PropValues(props, "attestfs:include"), std::vector<std::string>{"**"});
  EXPECT_EQ(PropValues(props, "attestfs:exclude"), (std::vector<std::string>{"*.tmp", ".git/**"}));
  EXPECT_EQ(PropValues(props, "attestfs:excluded"),
            (std::vector<std::string>{"scratch.tmp", "x/y.tmp"}));
  EXPECT_EQ(PropValues(props, "attestfs:git.commit"), std::vector<std::string>{kCommit});
  EXPECT_EQ(PropValues(props, "attestfs:git.uncommitted"), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(PropValues(props, "attestfs:git.lfsMissing"), std::vector<std::string>{"big.bin"});
  // The remote's credentials never reach the BOM.
  EXPECT_EQ(PropValues(props, "attestfs:git.remote"),
            std::vector<std::string>{"https://huggingface.co/acme/tiny-bert"});
  EXPECT_EQ(bom.dump().find("secret"), std::string::npos);
}

TEST(CycloneDxTest, WritesModelComponentFromCardAndConfig) {
  json bom = Build(SampleModelManifest(), ModelContext());
  const json& c = bom["metadata"]["component"];
  EXPECT_EQ(c["type"], "machine-learning-model");
  EXPECT_EQ(c["name"], "tiny-bert");
  EXPECT_EQ(c["version"], kCommit);
  EXPECT_EQ(c["description"], "A tiny BERT fine-tuned on IMDB for sentiment analysis.");
  EXPECT_EQ(c["licenses"], json::parse(R"([{"license":{"id":"Apache-2.0"}}])"));
  EXPECT_EQ(c["purl"], std::string("pkg:huggingface/acme/tiny-bert@") + kCommit);
  EXPECT_EQ(c["externalReferences"][0]["type"], "vcs");
  EXPECT_EQ(c["externalReferences"][0]["url"], "https://huggingface.co/acme/tiny-bert");
  const json& params = c["modelCard"]["modelParameters"];
  EXPECT_EQ(params["task"], "text-classification");
  EXPECT_EQ(params["architectureFamily"], "bert");
  EXPECT_EQ(params["modelArchitecture"], "BertForSequenceClassification");
  EXPECT_EQ(params["datasets"],
            json::parse(R"([{"ref":"dataset:imdb"},{"ref":"dataset:HuggingFaceFW/fineweb"}])"));
  const json& card_props = c["modelCard"]["properties"];
  EXPECT_EQ(PropValues(card_props, "huggingface:library_name"),
            std::vector<std::string>{"transformers"});
  EXPECT_EQ(PropValues(card_props, "huggingface:base_model"),
            std::vector<std::string>{"google-bert/bert-base-uncased"});
  EXPECT_EQ(PropValues(card_props, "huggingface:tag"),
            (std::vector<std::string>{"sentiment", "bert"}));
  // Card datasets become data components.
  const json* imdb = FindComponent(bom, "dataset:imdb");
  ASSERT_NE(imdb, nullptr);
  EXPECT_EQ((*imdb)["type"], "data");
  EXPECT_EQ((*imdb)["data"], json::parse(R"([{"type":"dataset","name":"imdb"}])"));
  EXPECT_NE(FindComponent(bom, "dataset:HuggingFaceFW/fineweb"), nullptr);
}

TEST(CycloneDxTest, WritesEveryFileAsFileComponent) {
  auto m = SampleModelManifest();
  json bom = Build(m, ModelContext());
  size_t files = 0;
  for (const auto& c : bom["components"]) files += c["type"] == "file";
  EXPECT_EQ(files, m.files.size());
  const json* w = FindComponent(bom, "file:model.safetensors");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ((*w)["name"], "model.safetensors");
  EXPECT_EQ((*w)["hashes"], json::parse(R"([{"alg":"SHA-256","content":")" +
                                        digest::Sha256("weights").Hex() + "\"}]"));
  EXPECT_EQ(PropValues((*w)["properties"], "attestfs:size"), std::vector<std::string>{"131077"});
  EXPECT_EQ(PropValues((*w)["properties"], "attestfs:executable"),
            std::vector<std::string>{"false"});
  EXPECT_EQ(
      PropValues((*w)["properties"], "attestfs:chunks"),
      std::vector<std::string>{attestation::EncodeChunks(m.Find("model.safetensors")->chunks)});
  EXPECT_TRUE(PropValues((*w)["properties"], "attestfs:symlink").empty());
  const json* link = FindComponent(bom, "file:pytorch/model.safetensors");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(PropValues((*link)["properties"], "attestfs:symlink"),
            std::vector<std::string>{"../model.safetensors"});
  const json* script = FindComponent(bom, "file:scripts/run.sh");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(PropValues((*script)["properties"], "attestfs:executable"),
            std::vector<std::string>{"true"});
  EXPECT_TRUE(PropValues((*script)["properties"], "attestfs:chunks").empty());
}

TEST(CycloneDxTest, DatasetAndPlainFileSubjects) {
  BomContext ctx;
  ctx.kind = BomContext::Kind::kDataset;
  ctx.name = "reviews";
  ctx.readme_text =
      "---\nlicense: cc-by-4.0\ntask_categories: [text-classification]\n---\nMovie reviews.\n";
  json bom = Build(SampleModelManifest(), ctx);
  const json& c = bom["metadata"]["component"];
  EXPECT_EQ(c["type"], "data");
  EXPECT_EQ(c["data"], json::parse(R"([{"type":"dataset","name":"reviews"}])"));
  EXPECT_EQ(c["licenses"], json::parse(R"([{"license":{"id":"CC-BY-4.0"}}])"));
  EXPECT_FALSE(c.contains("modelCard"));
  EXPECT_FALSE(c.contains("purl"));
  ctx.kind = BomContext::Kind::kFiles;
  ctx.readme_text.clear();
  json plain = Build(SampleModelManifest(), ctx);
  EXPECT_EQ(plain["metadata"]["component"]["type"], "file");
  EXPECT_FALSE(plain["metadata"]["component"].contains("licenses"));
}

TEST(CycloneDxTest, SerialNumberIsRandomUnlessGiven) {
  auto m = SampleModelManifest();
  BomContext ctx = ModelContext();
  EXPECT_NE(Build(m, ctx)["serialNumber"], Build(m, ctx)["serialNumber"]);
  ctx.serial_uuid = "3e671687-395b-41f5-a30f-a58921a69b79";
  EXPECT_EQ(Build(m, ctx)["serialNumber"], "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ctx.serial_uuid = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  EXPECT_EQ(Build(m, ctx)["serialNumber"], "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ctx.serial_uuid = "not-a-uuid";
  EXPECT_EQ(BuildCycloneDx(m, ctx).error().code(), Errc::kInvalidArgument);
}

TEST(CycloneDxTest, NonSpdxLicensesBecomeNamesAndOtherUsesLicenseName) {
  BomContext ctx = ModelContext();
  ctx.readme_text = "---\nlicense: [llama2, MIT, gpl-3.0]\n---\n";
  json c = Build(SampleModelManifest(), ctx)["metadata"]["component"];
  EXPECT_EQ(c["licenses"], json::parse(R"([{"license":{"name":"llama2"}},{"license":{"id":"MIT"}},
                                           {"license":{"id":"GPL-3.0-only"}}])"));
  ctx.readme_text = "---\nlicense: other\nlicense_name: acme-rail\nlicense_link: LICENSE.md\n---\n";
  c = Build(SampleModelManifest(), ctx)["metadata"]["component"];
  EXPECT_EQ(c["licenses"], json::parse(R"([{"license":{"name":"acme-rail","url":"LICENSE.md"}}])"));
  auto parsed = ParseCycloneDx(*BuildCycloneDx(SampleModelManifest(), ctx));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->licenses, std::vector<std::string>{"acme-rail"});
}

TEST(CycloneDxTest, PurlOnlyForHuggingFaceRemoteWithCommit) {
  auto m = SampleModelManifest();
  BomContext ctx = ModelContext();
  ctx.git_remote = "git@github.com:acme/tiny-bert.git";
  json c = Build(m, ctx)["metadata"]["component"];
  EXPECT_FALSE(c.contains("purl"));
  EXPECT_EQ(c["externalReferences"][0]["url"], "ssh://git@github.com/acme/tiny-bert.git");
  ctx.git_remote = "https://huggingface.co/acme/tiny-bert";
  ctx.git_commit.clear();
  c = Build(m, ctx)["metadata"]["component"];
  EXPECT_FALSE(c.contains("purl"));
  EXPECT_FALSE(c.contains("version"));
  ctx.git_remote.clear();
  c = Build(m, ctx)["metadata"]["component"];
  EXPECT_FALSE(c.contains("externalReferences"));
}

TEST(CycloneDxTest, MalformedModelCardFailsTheBuild) {
  BomContext ctx = ModelContext();
  ctx.readme_text = "---\nlicense: [mit\n---\n";
  auto r = BuildCycloneDx(SampleModelManifest(), ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kMalformed);
  EXPECT_NE(r.error().message().find("README.md front matter"), std::string::npos);
}

TEST(CycloneDxTest, InvalidManifestIsRejectedBeforeWriting) {
  auto m = SampleModelManifest();
  m.files[0].path = "../escape";
  EXPECT_FALSE(BuildCycloneDx(m, ModelContext()).ok());
}

TEST(CycloneDxTest, ParseCollectsLicensesOfModelAndDataComponents) {
  const std::string bom = R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"properties":[{"name":"attestfs:chunkSize","value":"4194304"}],
      "component":{"type":"machine-learning-model","name":"m","licenses":[{"expression":"Apache-2.0 OR MIT"}]}},
    "components":[
      {"type":"data","name":"d","licenses":[{"license":{"id":"CC-BY-4.0"}},{"license":{"name":"custom"}}]},
      {"type":"library","name":"lib","licenses":[{"license":{"id":"GPL-2.0-only"}}]},
      {"type":"file","name":"a.bin","hashes":[{"alg":"SHA-256","content":")" +
                          digest::Sha256("a").Hex() + R"("}],
       "properties":[{"name":"attestfs:size","value":"1"}]}]})";
  auto parsed = ParseCycloneDx(bom);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->licenses,
            (std::vector<std::string>{"Apache-2.0 OR MIT", "CC-BY-4.0", "custom"}));
  ASSERT_EQ(parsed->manifest.files.size(), 1u);
  EXPECT_EQ(parsed->manifest.files[0].sha256, digest::Sha256("a"));
  EXPECT_EQ(parsed->manifest.chunk_size, 4194304u);
}

// Replaces the first occurrence of `from` in a freshly built BOM.
std::string Tampered(const std::string& from, const std::string& to) {
  std::string text = *BuildCycloneDx(SampleModelManifest(), ModelContext());
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST(CycloneDxTest, ParseRejectsMalformedInput) {
  auto code = [](const std::string& text) {
    auto r = ParseCycloneDx(text);
    return r.ok() ? Errc::kOk : r.error().code();
  };
  EXPECT_EQ(code("not json"), Errc::kMalformed);
  EXPECT_EQ(code("[]"), Errc::kMalformed);
  EXPECT_EQ(code(R"({"bomFormat":"SPDX","specVersion":"1.6"})"), Errc::kMalformed);
  EXPECT_EQ(code(R"({"bomFormat":"CycloneDX","specVersion":"9.9"})"), Errc::kUnsupported);
  EXPECT_EQ(code(std::string(attestation::kMaxDocumentBytes + 1, ' ')), Errc::kTooLarge);
  std::string hex = digest::Sha256("weights").Hex();
  // Bad hex digest, missing hash, path traversal, absolute path, bad chunk index, missing size.
  EXPECT_EQ(code(Tampered(hex, "zz" + hex.substr(2))), Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("alg":"SHA-256")", R"("alg":"MD5")")), Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("name":"config.json")", R"("name":"../config.json")")),
            Errc::kUnsafePath);
  EXPECT_EQ(code(Tampered(R"("name":"config.json")", R"("name":"/etc/passwd")")),
            Errc::kUnsafePath);
  EXPECT_EQ(code(Tampered(R"("name":"attestfs:chunks","value":")",
                          R"("name":"attestfs:chunks","value":"AAAA)")),
            Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("name":"attestfs:size")", R"("name":"attestfs:sighs")")),
            Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("name":"attestfs:size","value":"10")",
                          R"("name":"attestfs:size","value":"-10")")),
            Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("name":"attestfs:executable","value":"true")",
                          R"("name":"attestfs:executable","value":"yes")")),
            Errc::kMalformed);
  EXPECT_EQ(code(Tampered(R"("value":"65536")", R"("value":"12")")),
            Errc::kMalformed);  // chunk size range
  EXPECT_EQ(code(Tampered(R"("value":"65536")", R"("value":65536)")),
            Errc::kMalformed);  // not a string
  // A duplicate path (two components named config.json).
  EXPECT_EQ(code(Tampered(R"("name":"empty.txt")", R"("name":"config.json")")), Errc::kMalformed);
  // Changing the size of a chunked file breaks the chunk count.
  EXPECT_EQ(code(Tampered(R"("value":"131077")", R"("value":"999999")")), Errc::kMalformed);
}

TEST(CycloneDxTest, ParseErrorNamesTheBadPath) {
  std::string text =
      Tampered(R"("name":"scripts/run.sh")", R"("name":"scripts/run.sh","hashes_":1)");
  size_t h = text.find(R"("hashes":)", text.find("scripts/run.sh"));
  text.replace(h, 9, R"("hashez":)");
  auto r = ParseCycloneDx(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("scripts/run.sh"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace attestfs::sbom

// Tests for the OpenSSF model-signing v1.0 predicate codec: round trip through the attestfs
// extension, upstream files/shards predicates, the subject digest, and hostile inputs.
#include "attestation/predicates/model_signing.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attestation/statement.h"
#include "digest/sha256_hasher.h"

namespace attestfs::attestation::predicates {
namespace {

using nlohmann::json;

constexpr const char* kHexA =
    "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";  // sha256("a")
constexpr const char* kHexB =
    "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d";  // sha256("b")

FileManifest SampleManifest() {
  FileManifest m;
  m.chunk_size = kMinChunkSize;
  FileEntry big{.path = "weights/model.safetensors",
                .size = kMinChunkSize + 1,
                .sha256 = digest::Sha256("w")};
  big.chunks = {digest::Sha256("c0"), digest::Sha256("c1")};
  FileEntry link{.path = "model.safetensors",
                 .type = FileEntry::Type::kSymlink,
                 .size = big.size,
                 .sha256 = big.sha256,
                 .link_target = "weights/model.safetensors",
                 .chunks = big.chunks};
  FileEntry run{.path = "run.sh", .size = 3, .sha256 = digest::Sha256("run"), .executable = true};
  FileEntry cfg{.path = "config.json", .size = 2, .sha256 = digest::Sha256("{}")};
  // Deliberately unsorted: "a-b" sorts after "a/b" in PurePosixPath order.
  FileEntry ab{.path = "a-b", .size = 1, .sha256 = digest::Sha256("1")};
  FileEntry a_b{.path = "a/b", .size = 1, .sha256 = digest::Sha256("2")};
  m.files = {big, link, run, cfg, ab, a_b};
  m.include_patterns = {"**"};
  m.exclude_patterns = {"*.tmp"};
  m.excluded = {"x.tmp"};
  return m;
}

Errc ParseCode(const std::string& text) {
  auto r = ParseModelSigningPredicate(text);
  return r.ok() ? Errc::kOk : r.error().code();
}

TEST(ModelSigningTest, RoundTripRebuildsManifestInPathOrder) {
  FileManifest m = SampleManifest();
  auto p = ParseModelSigningPredicate(BuildModelSigningPredicate(m));
  ASSERT_TRUE(p.ok()) << p.error().message();
  m.Sort();
  ASSERT_TRUE(p->manifest.has_value());
  const FileManifest& got = *p->manifest;
  EXPECT_EQ(got.chunk_size, m.chunk_size);
  EXPECT_EQ(got.include_patterns, m.include_patterns);
  EXPECT_EQ(got.exclude_patterns, m.exclude_patterns);
  EXPECT_EQ(got.excluded, m.excluded);
  ASSERT_EQ(got.files.size(), m.files.size());
  for (size_t i = 0; i < m.files.size(); ++i) {
    SCOPED_TRACE(m.files[i].path);
    EXPECT_EQ(got.files[i].path, m.files[i].path);
    EXPECT_EQ(got.files[i].type, m.files[i].type);
    EXPECT_EQ(got.files[i].size, m.files[i].size);
    EXPECT_EQ(got.files[i].sha256, m.files[i].sha256);
    EXPECT_EQ(got.files[i].executable, m.files[i].executable);
    EXPECT_EQ(got.files[i].link_target, m.files[i].link_target);
    EXPECT_EQ(got.files[i].chunks, m.files[i].chunks);
    EXPECT_EQ(p->resources[i].name, m.files[i].path);
    EXPECT_EQ(p->resources[i].algorithm, "sha256");
    EXPECT_EQ(p->resources[i].digest_hex, m.files[i].sha256.Hex());
  }
  EXPECT_EQ(p->resources[0].name, "a/b");
  EXPECT_EQ(p->resources[1].name, "a-b");
  EXPECT_EQ(p->method, "files");
  EXPECT_EQ(p->hash_type, "sha256");
  EXPECT_TRUE(p->allow_symlinks);
  EXPECT_EQ(p->ignore_paths, std::vector<std::string>{"x.tmp"});
  auto subject = p->SubjectDigest();
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(*subject, m.SubjectDigest());
}

TEST(ModelSigningTest, WritesUpstreamFieldNames) {
  FileManifest m = SampleManifest();
  m.files.erase(m.files.begin() + 1);  // no symlink left
  json j = json::parse(BuildModelSigningPredicate(m));
  EXPECT_EQ(
      j["serialization"],
      json::parse(
          R"({"method":"files","hash_type":"sha256","allow_symlinks":false,"ignore_paths":["x.tmp"]})"));
  EXPECT_EQ(j["resources"][0], json::parse(R"({"name":"a/b","algorithm":"sha256","digest":")" +
                                           digest::Sha256("2").Hex() + "\"}"));
  EXPECT_FALSE(j["serialization"].contains("shard_size"));
  EXPECT_EQ(j["attestfs"]["chunkSize"], kMinChunkSize);
  EXPECT_EQ(
      j["attestfs"]["files"][4], json::parse(R"({"path":"weights/model.safetensors","size":65537,
      "executable":false,"chunks":")" + EncodeChunks(m.files[0].chunks) +
                                             "\"}"));
}

TEST(ModelSigningTest, SubjectDigestMatchesHandComputedValue) {
  // sha256(raw sha256("a") || raw sha256("b")), computed with Python hashlib.
  std::string text =
      std::string(R"({"serialization":{"method":"files","hash_type":"sha256","allow_symlinks":false,
      "ignore_paths":[]},"resources":[{"name":"a","algorithm":"sha256","digest":")") +
      kHexA + R"("},{"name":"b","algorithm":"sha256","digest":")" + kHexB + R"("}]})";
  auto p = ParseModelSigningPredicate(text);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_FALSE(p->manifest.has_value());
  EXPECT_EQ(p->SubjectDigest()->Hex(),
            "e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a");
  // Listed order matters: b then a gives another digest.
  std::swap(p->resources[0], p->resources[1]);
  EXPECT_EQ(p->SubjectDigest()->Hex(),
            "18d79cb747ea174c59f3a3b41768672526d56fecc58360a99d283d0f9b0a3cc0");
}

TEST(ModelSigningTest, ParsesUpstreamShardsPredicateWithFloatShardSize) {
  std::string text = std::string(R"({"serialization":{"method":"shards","hash_type":"sha256",
      "allow_symlinks":false,"shard_size":1000000000.0,"ignore_paths":[".git/",".gitattributes"]},
      "resources":[
        {"name":"model.bin:0:1000000000","algorithm":"sha256-sharded-1000000000","digest":")") +
                     kHexA + R"("},
        {"name":"model.bin:1000000000:1500000000","algorithm":"sha256-sharded-1000000000","digest":")" +
                     kHexB + R"("},
        {"name":"dir/a:b.txt:0:5","algorithm":"sha256-sharded-1000000000","digest":")" +
                     kHexA + R"("}]})";
  auto p = ParseModelSigningPredicate(text);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->method, "shards");
  EXPECT_EQ(p->shard_size, 1000000000u);
  ASSERT_EQ(p->resources.size(), 3u);
  EXPECT_EQ(p->resources[1].name, "model.bin:1000000000:1500000000");
  EXPECT_EQ(p->resources[1].algorithm, "sha256-sharded-1000000000");
  EXPECT_EQ(p->ignore_paths, (std::vector<std::string>{".git/", ".gitattributes"}));
  EXPECT_FALSE(p->manifest.has_value());

  auto variant = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return ParseCode(t);
  };
  EXPECT_EQ(variant("sha256-sharded-1000000000", "sha256-sharded-1000"), Errc::kMalformed);
  EXPECT_EQ(variant("model.bin:1000000000:1500000000", "model.bin:1000:1500"),
            Errc::kMalformed);  // unaligned
  EXPECT_EQ(variant("model.bin:0:1000000000", "model.bin:0:1000000001"),
            Errc::kMalformed);                                                      // too long
  EXPECT_EQ(variant("model.bin:0:1000000000", "model.bin:5:5"), Errc::kMalformed);  // empty
  EXPECT_EQ(variant("model.bin:0:1000000000", "model.bin"), Errc::kMalformed);
  EXPECT_EQ(variant("model.bin:0:1000000000", "../model.bin:0:1000000000"), Errc::kUnsafePath);
  EXPECT_EQ(variant("\"shard_size\":1000000000.0,", ""), Errc::kMalformed);
  EXPECT_EQ(variant("1000000000.0", "1000000000.5"), Errc::kMalformed);
}

TEST(ModelSigningTest, RejectsUnsupportedHashTypeAndMethod) {
  std::string text = BuildModelSigningPredicate(SampleManifest());
  std::string blake = text;
  blake.replace(blake.find("\"sha256\""), 8, "\"blake2\"");
  auto r = ParseModelSigningPredicate(blake);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsupported);
  EXPECT_NE(r.error().message().find("hash_type blake2 not supported"), std::string::npos)
      << r.error().message();
  std::string method = text;
  method.replace(method.find("\"files\""), 7, "\"tree\"");
  EXPECT_EQ(ParseCode(method), Errc::kUnsupported);
}

TEST(ModelSigningTest, RejectsExtensionInconsistentWithResources) {
  json good = json::parse(BuildModelSigningPredicate(SampleManifest()));
  ASSERT_EQ(ParseCode(good.dump()), Errc::kOk);
  json renamed = good;
  renamed["attestfs"]["files"][2]["path"] = "other.json";
  EXPECT_EQ(ParseCode(renamed.dump()), Errc::kMalformed);
  json missing = good;
  missing["attestfs"]["files"].erase(missing["attestfs"]["files"].begin());
  EXPECT_EQ(ParseCode(missing.dump()), Errc::kMalformed);
  json reordered = good;  // same swap in both lists: consistent, but not in model-signing order
  std::swap(reordered["attestfs"]["files"][0], reordered["attestfs"]["files"][1]);
  std::swap(reordered["resources"][0], reordered["resources"][1]);
  EXPECT_EQ(ParseCode(reordered.dump()), Errc::kMalformed);
  json bad_chunks = good;
  bad_chunks["attestfs"]["files"][5]["chunks"] = EncodeChunks({digest::Sha256("only one")});
  EXPECT_EQ(ParseCode(bad_chunks.dump()), Errc::kMalformed);
  json no_symlinks = good;
  no_symlinks["serialization"]["allow_symlinks"] = false;
  EXPECT_EQ(ParseCode(no_symlinks.dump()), Errc::kMalformed);
  json shards = good;
  shards["serialization"]["method"] = "shards";
  shards["serialization"]["shard_size"] = 1000;
  EXPECT_NE(ParseCode(shards.dump()), Errc::kOk);
}

TEST(ModelSigningTest, RejectsMalformedInput) {
  const std::string ser =
      R"("serialization":{"method":"files","hash_type":"sha256","allow_symlinks":false})";
  auto with_resource = [&](const std::string& name, const std::string& alg,
                           const std::string& hex) {
    return "{" + ser + R"(,"resources":[{"name":")" + name + R"(","algorithm":")" + alg +
           R"(","digest":")" + hex + "\"}]}";
  };
  EXPECT_EQ(ParseCode(with_resource("a", "sha256", kHexA)), Errc::kOk);
  EXPECT_EQ(ParseCode("not json"), Errc::kMalformed);
  EXPECT_EQ(ParseCode("[]"), Errc::kMalformed);
  EXPECT_EQ(ParseCode("{" + ser + "}"), Errc::kMalformed);  // missing resources
  EXPECT_EQ(ParseCode(R"({"resources":[]})"), Errc::kMalformed);
  EXPECT_EQ(ParseCode(with_resource("a", "sha256", std::string(64, 'g'))), Errc::kMalformed);
  EXPECT_EQ(ParseCode(with_resource("a", "sha256", "abcd")), Errc::kMalformed);
  EXPECT_EQ(ParseCode(with_resource("../../etc/passwd", "sha256", kHexA)), Errc::kUnsafePath);
  EXPECT_EQ(ParseCode(with_resource("/etc/passwd", "sha256", kHexA)), Errc::kUnsafePath);
  EXPECT_EQ(ParseCode(with_resource("a", "sha256-sharded-10", kHexA)), Errc::kMalformed);
  EXPECT_EQ(ParseCode("{" + ser + R"(,"resources":[{"name":"a","algorithm":"sha256"}]})"),
            Errc::kMalformed);
  EXPECT_EQ(
      ParseCode("{" + ser + R"(,"resources":[{"name":"a","algorithm":"sha256","digest":")" + kHexA +
                R"("},{"name":"a","algorithm":"sha256","digest":")" + kHexB + "\"}]}"),
      Errc::kMalformed);  // duplicate name
  EXPECT_EQ(
      ParseCode(R"({"serialization":{"method":"files","hash_type":"sha256","allow_symlinks":"yes"},
                          "resources":[]})"),
      Errc::kMalformed);
  EXPECT_EQ(ParseCode(std::string(kMaxDocumentBytes + 1, ' ')), Errc::kTooLarge);
}

}  // namespace
}  // namespace attestfs::attestation::predicates

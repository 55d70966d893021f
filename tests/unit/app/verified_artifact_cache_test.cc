// VerifiedArtifactCache: save/load, digest checks, private directory.
#include "app/verified_artifact_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"

namespace attestfs::app {
namespace {

namespace sfs = std::filesystem;

class VerifiedArtifactCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/afs-vac-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = root_ + "/cache";
    artifact_.config_bytes = R"({"descriptor":{"name":"m"}})";
    oci::Manifest m;
    m.media_type = "application/vnd.oci.image.manifest.v1+json";
    m.artifact_type = "application/vnd.cncf.model.manifest.v1+json";
    m.config.media_type = "application/vnd.cncf.model.config.v1+json";
    m.config.digest = digest::Sha256(artifact_.config_bytes);
    m.config.size = static_cast<int64_t>(artifact_.config_bytes.size());
    artifact_.manifest_bytes = m.Serialize();
    artifact_.manifest_digest = digest::Sha256(artifact_.manifest_bytes);
    artifact_.evidence = {"doc-newest", "doc-older"};
    ref_ = *oci::Reference::Parse("127.0.0.1:5000/models/tiny:v1");
  }
  void TearDown() override { sfs::remove_all(root_); }
  std::string ManifestPath() const {
    return dir_ + "/manifests/sha256/" + artifact_.manifest_digest.Hex();
  }

  std::string root_, dir_;
  CachedArtifact artifact_;
  oci::Reference ref_;
};

TEST_F(VerifiedArtifactCacheTest, LoadsWhatWasSavedByTagAndByDigest) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok()) << cache.error().message();
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  for (const auto& r : {ref_, ref_.WithDigest(artifact_.manifest_digest)}) {
    auto got = cache->Load(r);
    ASSERT_TRUE(got.ok()) << got.error().message();
    EXPECT_EQ(got->manifest_digest, artifact_.manifest_digest);
    EXPECT_EQ(got->manifest_bytes, artifact_.manifest_bytes);
    EXPECT_EQ(got->config_bytes, artifact_.config_bytes);
    EXPECT_EQ(got->evidence, artifact_.evidence);
  }
  struct stat st {};
  ASSERT_EQ(::stat(ManifestPath().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(VerifiedArtifactCacheTest, TagNeverResolvedIsNotFound) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  auto got = cache->Load(ref_.WithTag("v2"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kNotFound);
  auto other = cache->Load(*oci::Reference::Parse("127.0.0.1:5000/models/other:v1"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), Errc::kNotFound);
}

TEST_F(VerifiedArtifactCacheTest, RejectsCorruptedManifest) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  std::string bytes = artifact_.manifest_bytes;
  bytes[bytes.size() / 2] ^= 1;
  ASSERT_TRUE(WriteFileAtomic(ManifestPath(), bytes, 0600).ok());
  auto got = cache->Load(ref_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kVerificationFailed);
}

TEST_F(VerifiedArtifactCacheTest, RejectsConfigThatDoesNotMatchTheManifest) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  auto m = oci::Manifest::Parse(artifact_.manifest_bytes);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/blobs/sha256/" + m->config.digest.Hex(), "{}", 0600).ok());
  auto got = cache->Load(ref_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kVerificationFailed);
}

TEST_F(VerifiedArtifactCacheTest, RejectsTagRecordOfAnotherReference) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  // Copy v1's record over v2's name: the record names v1, so it must not serve v2.
  auto v2 = ref_.WithTag("v2");
  ASSERT_TRUE(cache->Save(v2, artifact_).ok());
  std::string v1_path, v2_path;
  for (const auto& e : sfs::directory_iterator(dir_ + "/tags")) {
    auto bytes = ReadFileLimited(e.path(), 4096);
    ASSERT_TRUE(bytes.ok());
    (bytes->find(":v1\"") != std::string::npos ? v1_path : v2_path) = e.path();
  }
  ASSERT_FALSE(v1_path.empty());
  ASSERT_FALSE(v2_path.empty());
  sfs::copy_file(v1_path, v2_path, sfs::copy_options::overwrite_existing);
  auto got = cache->Load(v2);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kMalformed);
}

TEST_F(VerifiedArtifactCacheTest, KeepsAtMostTheDocumentCap) {
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_TRUE(cache.ok());
  artifact_.evidence.assign(kMaxCachedEvidenceDocs + 3, "doc");
  artifact_.evidence[0] = "first";
  ASSERT_TRUE(cache->Save(ref_, artifact_).ok());
  auto got = cache->Load(ref_);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->evidence.size(), kMaxCachedEvidenceDocs);
  EXPECT_EQ(got->evidence[0], "first");
}

TEST_F(VerifiedArtifactCacheTest, RefusesDirectoryOpenToOthers) {
  ASSERT_EQ(::mkdir(dir_.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().code(), Errc::kPermission);
}

TEST_F(VerifiedArtifactCacheTest, RefusesSymlinkedDirectory) {
  ASSERT_EQ(::mkdir((root_ + "/real").c_str(), 0700), 0);
  ASSERT_EQ(::symlink((root_ + "/real").c_str(), dir_.c_str()), 0);
  auto cache = VerifiedArtifactCache::Open(dir_);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().code(), Errc::kUnsafePath);
}

}  // namespace
}  // namespace attestfs::app

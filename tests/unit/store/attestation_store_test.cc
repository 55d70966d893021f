// Tests for the content-addressed attestation store.
#include "store/attestation_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "attestation/media_types.h"
#include "digest/sha256_hasher.h"

namespace attestfs::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/afs-store-XXXXXX";
    root_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  StoreEntry Entry(const std::string& name, const std::string& created) {
    StoreEntry e;
    e.media_type = attestation::kDsseEnvelopeMediaType;
    e.predicate_type = "https://cyclonedx.org/bom";
    e.subject_names = {name};
    e.subject_digests = {"sha256:" + std::string(64, 'a')};
    e.created = created;
    return e;
  }
  std::string root_;
};

TEST_F(StoreTest, PutThenGetReturnsSameBytesByDigestAndPrefix) {
  AttestationStore s(root_);
  auto e = s.Put("{\"x\":1}", Entry("m", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->digest, digest::Sha256("{\"x\":1}").ToString());
  EXPECT_EQ(*s.Get(e->digest), "{\"x\":1}");
  EXPECT_EQ(*s.Get(e->digest.substr(7, 12)), "{\"x\":1}");
}

TEST_F(StoreTest, ListsNewestFirstAndFindsByNameAndSubjectDigest) {
  AttestationStore s(root_);
  ASSERT_TRUE(s.Put("old", Entry("m", "2026-01-01T00:00:00Z")).ok());
  ASSERT_TRUE(s.Put("new", Entry("m", "2026-02-01T00:00:00Z")).ok());
  ASSERT_TRUE(s.Put("other", Entry("n", "2026-03-01T00:00:00Z")).ok());
  auto by_name = s.FindByName("m");
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->size(), 2u);
  EXPECT_EQ((*by_name)[0].digest, digest::Sha256("new").ToString());
  EXPECT_EQ(s.FindBySubjectDigest("sha256:" + std::string(64, 'a'))->size(), 3u);
  EXPECT_TRUE(s.FindByName("zzz")->empty());
}

TEST_F(StoreTest, DetectsCorruptedBlob) {
  AttestationStore s(root_);
  auto e = s.Put("payload", Entry("m", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(e.ok());
  std::ofstream(root_ + "/blobs/sha256/" + e->digest.substr(7)) << "tampered";
  auto got = s.Get(e->digest);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), Errc::kVerificationFailed);
}

TEST_F(StoreTest, SkipsEntriesWithoutBlobAndMalformedEntries) {
  AttestationStore s(root_);
  auto e = s.Put("payload", Entry("m", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(e.ok());
  std::filesystem::remove(root_ + "/blobs/sha256/" + e->digest.substr(7));
  std::ofstream(root_ + "/entries/" + std::string(64, 'b') + ".json") << "not json";
  EXPECT_TRUE(s.List()->empty());
}

TEST_F(StoreTest, LeavesNoTemporaryFilesBehind) {
  AttestationStore s(root_);
  ASSERT_TRUE(s.Put("payload", Entry("m", "2026-01-01T00:00:00Z")).ok());
  for (const auto& p : std::filesystem::recursive_directory_iterator(root_)) {
    EXPECT_EQ(p.path().string().find(".tmp."), std::string::npos) << p.path();
  }
}

TEST_F(StoreTest, RejectsBadDigestArguments) {
  AttestationStore s(root_);
  EXPECT_EQ(s.Get("../../etc/passwd").error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(s.Get("sha256:" + std::string(64, 'c')).error().code(), Errc::kNotFound);
}

}  // namespace
}  // namespace attestfs::store

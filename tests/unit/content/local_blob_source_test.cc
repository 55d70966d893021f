// Tests for LocalBlobSource: ranged reads, short backing files, and refusal of symlinks/escapes.
#include "content/local_blob_source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "base/file_io.h"
#include "content/chunk_lru.h"
#include "digest/sha256_hasher.h"

namespace attestfs::content {
namespace {

class LocalBlobSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/afs-local-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(MakeDirs(dir_ + "/root/sub").ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/root/sub/a.bin", "0123456789").ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ + "/secret", "outside").ok());
    ASSERT_EQ(::symlink("../secret", (dir_ + "/root/link").c_str()), 0);
    ASSERT_EQ(::symlink("..", (dir_ + "/root/up").c_str()), 0);
    auto s = LocalBlobSource::Open(dir_ + "/root");
    ASSERT_TRUE(s.ok());
    src_ = std::move(s).value();
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  attestation::FileEntry Entry(const std::string& p) {
    attestation::FileEntry e;
    e.path = p;
    return e;
  }
  std::string dir_;
  std::unique_ptr<LocalBlobSource> src_;
};

TEST_F(LocalBlobSourceTest, ReadsRangesAndShortensAtEndOfFile) {
  auto r = src_->ReadRange(Entry("sub/a.bin"), 2, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "234");
  auto tail = src_->ReadRange(Entry("sub/a.bin"), 8, 100);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(*tail, "89");
  EXPECT_FALSE(src_->IsRemote());
}

TEST_F(LocalBlobSourceTest, RefusesSymlinksAndEscapes) {
  auto link = src_->ReadRange(Entry("link"), 0, 7);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code(), Errc::kUnsafePath);
  auto through = src_->ReadRange(Entry("up/secret"), 0, 7);
  ASSERT_FALSE(through.ok());
  EXPECT_EQ(through.error().code(), Errc::kUnsafePath);
  EXPECT_FALSE(src_->ReadRange(Entry("../secret"), 0, 7).ok());
  EXPECT_FALSE(src_->ReadRange(Entry("/etc/passwd"), 0, 7).ok());
  EXPECT_FALSE(src_->ReadRange(Entry("sub"), 0, 7).ok());  // a directory
}

TEST_F(LocalBlobSourceTest, MissingFileIsNotFound) {
  auto r = src_->ReadRange(Entry("sub/none"), 0, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNotFound);
}

TEST(ChunkLruTest, EvictsLeastRecentlyUsedOverBudget) {
  ChunkLru lru(10);
  auto d = [](char c) { return digest::Sha256(std::string(1, c)); };
  lru.Put(d('a'), std::make_shared<const std::string>("aaaa"));
  lru.Put(d('b'), std::make_shared<const std::string>("bbbb"));
  ASSERT_NE(lru.Get(d('a')), nullptr);  // a is now most recent
  lru.Put(d('c'), std::make_shared<const std::string>("cccc"));
  EXPECT_EQ(lru.Get(d('b')), nullptr);
  EXPECT_NE(lru.Get(d('a')), nullptr);
  EXPECT_LE(lru.bytes(), 10u);
  lru.Put(d('x'), std::make_shared<const std::string>(std::string(11, 'x')));
  EXPECT_EQ(lru.Get(d('x')), nullptr);
}

}  // namespace
}  // namespace attestfs::content

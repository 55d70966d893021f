// Tests for LocalBlobSource (ranged reads, reads into recycled buffers, short backing files,
// refusal of symlinks/escapes), ChunkLru and ChunkBufferPool.
#include "content/local_blob_source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>

#include "base/file_io.h"
#include "content/chunk_buffer_pool.h"
#include "content/chunk_lru.h"
#include "digest/sha256_hasher.h"
#include "unit/targets/fifo_guard.h"

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

// Issue 9 item 7: a FIFO in place of a backing file blocked open(2) and with it the whole
// mount; it is now refused (kUnsafePath, EIO at the FUSE boundary) and other files still read.
TEST_F(LocalBlobSourceTest, RefusesFifoWithoutBlockingAndOtherFilesStillRead) {
  const std::string fifo = dir_ + "/root/sub/pipe.bin";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  auto r = attestfs::testing::RunReleasingFifo(
      fifo, [&] { return src_->ReadRange(Entry("sub/pipe.bin"), 0, 4); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath) << r.error().message();
  EXPECT_NE(r.error().message().find("sub/pipe.bin"), std::string::npos) << r.error().message();
  auto ok = src_->ReadRange(Entry("sub/a.bin"), 0, 3);
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(*ok, "012");
}

TEST_F(LocalBlobSourceTest, RefusesDeviceNode) {
  if (::mknod((dir_ + "/root/null").c_str(), S_IFCHR | 0644, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs CAP_MKNOD";
  }
  auto r = src_->ReadRange(Entry("null"), 0, 4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath) << r.error().message();
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

TEST_F(LocalBlobSourceTest, ReadIntoRecycledBufferHoldsExactlyTheBytesRead) {
  std::string buf(64, 'Z');  // a recycled buffer: stale bytes, larger than the file
  ASSERT_TRUE(src_->ReadRangeInto(Entry("sub/a.bin"), 4, 64, &buf).ok());
  EXPECT_EQ(buf, "456789");  // short file: shortened, nothing stale left behind
  buf.assign(3, 'Z');
  ASSERT_TRUE(src_->ReadRangeInto(Entry("sub/a.bin"), 0, 5, &buf).ok());
  EXPECT_EQ(buf, "01234");
  EXPECT_EQ(src_->ReadRangeInto(Entry("link"), 0, 7, &buf).error().code(), Errc::kUnsafePath);
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

TEST(ChunkLruTest, DropsChunkOnceEveryByteWasServed) {
  ChunkLru lru(100);
  auto key = digest::Sha256(std::string("k"));
  lru.Put(key, std::make_shared<const std::string>("0123456789"));
  EXPECT_FALSE(lru.MarkServed(key, 4));
  EXPECT_FALSE(lru.MarkServed(key, 5));
  EXPECT_NE(lru.Get(key), nullptr);
  EXPECT_TRUE(lru.MarkServed(key, 1));
  EXPECT_EQ(lru.Get(key), nullptr);
  EXPECT_EQ(lru.bytes(), 0u);
  EXPECT_FALSE(lru.MarkServed(key, 10));  // absent: ignored
}

TEST(ChunkBufferPoolTest, RecyclesBuffersOnlyAfterTheLastReferenceIsGone) {
  auto pool = ChunkBufferPool::Create(ChunkBufferPool::kMinPooledBytes + 100);
  std::string big(ChunkBufferPool::kMinPooledBytes, 'a');
  const char* storage = big.data();
  ChunkBytes chunk = pool->Share(std::move(big));
  ChunkBytes reader = chunk;  // e.g. a FUSE reply still using it
  chunk.reset();
  EXPECT_EQ(pool->idle(), 0u);
  EXPECT_TRUE(pool->Take(16).empty());  // nothing idle yet: a fresh buffer
  reader.reset();
  EXPECT_EQ(pool->idle(), 1u);
  std::string again = pool->Take(ChunkBufferPool::kMinPooledBytes);
  EXPECT_EQ(again.data(), storage);  // the same memory, no new allocation
  EXPECT_EQ(pool->idle(), 0u);
  // Bounded: a second returned buffer beyond the byte budget is freed; small ones are not kept.
  ChunkBytes a = pool->Share(std::string(ChunkBufferPool::kMinPooledBytes, 'b'));
  ChunkBytes b = pool->Share(std::string(ChunkBufferPool::kMinPooledBytes, 'c'));
  ChunkBytes small = pool->Share(std::string(10, 'd'));
  a.reset();
  b.reset();
  small.reset();
  EXPECT_EQ(pool->idle(), 1u);
  // A chunk that outlives its pool is simply freed.
  ChunkBytes orphan = pool->Share(std::string(ChunkBufferPool::kMinPooledBytes, 'e'));
  pool.reset();
  orphan.reset();
}

}  // namespace
}  // namespace attestfs::content

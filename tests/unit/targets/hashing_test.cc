// Chunk digests, thread-count independence and HashFileRange, checked against OpenSSL directly.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "targets/dir_walker.h"
#include "targets/manifest_builder.h"
#include "targets/parallel_hasher.h"
#include "targets/path_filter.h"
#include "targets/scanner.h"
#include "test_tree.h"

namespace attestfs::targets {
namespace {

using attestation::kMinChunkSize;
using testing::OpenSslSha256Hex;
using testing::PatternBytes;
using testing::TestTree;

constexpr uint64_t kChunk = kMinChunkSize;  // 64 KiB

Result<ScannedTarget> Scan(const TestTree& t, unsigned threads, bool chunks = true,
                           uint64_t chunk_size = kChunk) {
  ScanOptions opts;
  opts.chunk_size = chunk_size;
  opts.threads = threads;
  opts.compute_chunks = chunks;
  return ScanTarget(TargetSpec{TargetSpec::Kind::kDir, t.root()}, opts);
}

TEST(HashingTest, ChunkDigestsMatchIndependentSha256OfEachChunk) {
  TestTree t;
  const std::string data = PatternBytes(kChunk * 5 / 2, 7);  // 2.5 chunks
  t.Write("big.bin", data);
  for (unsigned threads : {1u, 2u, 5u}) {
    auto r = Scan(t, threads);
    ASSERT_TRUE(r.ok()) << r.error().message();
    const auto* f = r->manifest.Find("big.bin");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->sha256.Hex(), OpenSslSha256Hex(data));
    ASSERT_EQ(f->chunks.size(), 3u) << threads;
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(f->chunks[i].Hex(), OpenSslSha256Hex(data.substr(i * kChunk, kChunk)))
          << "chunk " << i << " threads " << threads;
    }
    EXPECT_TRUE(r->manifest.Validate().ok());
  }
}

TEST(HashingTest, ExactMultipleAndSingleChunkFiles) {
  TestTree t;
  const std::string two = PatternBytes(kChunk * 2, 1);
  const std::string one = PatternBytes(kChunk, 2);
  t.Write("two.bin", two);
  t.Write("one.bin", one);
  auto r = Scan(t, 2);
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto* f2 = r->manifest.Find("two.bin");
  ASSERT_EQ(f2->chunks.size(), 2u);
  EXPECT_EQ(f2->chunks[1].Hex(), OpenSslSha256Hex(two.substr(kChunk)));
  EXPECT_TRUE(r->manifest.Find("one.bin")->chunks.empty());  // size == chunk_size: no index
  EXPECT_TRUE(r->manifest.Validate().ok());
}

TEST(HashingTest, DigestsIdenticalWithOneAndManyThreads) {
  TestTree t;
  for (int i = 0; i < 40; ++i) {
    t.Write("d" + std::to_string(i % 4) + "/f" + std::to_string(i), PatternBytes(i * 9973, i));
  }
  t.Write("big/a.bin", PatternBytes(kChunk * 7 + 13, 99));
  t.Write("big/b.bin", PatternBytes(kChunk * 3 + 1, 98));
  const std::string large = PatternBytes((2 << 20) + 5, 97);  // beyond one read buffer
  t.Write("big/c.bin", large);
  auto one = Scan(t, 1);
  auto many = Scan(t, 8);
  ASSERT_TRUE(one.ok()) << one.error().message();
  ASSERT_TRUE(many.ok()) << many.error().message();
  ASSERT_EQ(one->manifest.files.size(), 43u);
  ASSERT_EQ(many->manifest.files.size(), 43u);
  for (size_t i = 0; i < one->manifest.files.size(); ++i) {
    const auto& a = one->manifest.files[i];
    const auto& b = many->manifest.files[i];
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.sha256, b.sha256) << a.path;
    EXPECT_EQ(a.chunks, b.chunks) << a.path;
  }
  EXPECT_EQ(one->manifest.SubjectDigest(), many->manifest.SubjectDigest());
  EXPECT_EQ(one->manifest.Find("big/a.bin")->chunks.size(), 8u);
  const auto* c = one->manifest.Find("big/c.bin");
  ASSERT_EQ(c->chunks.size(), 33u);
  EXPECT_EQ(c->sha256.Hex(), OpenSslSha256Hex(large));
  EXPECT_EQ(c->chunks[32].Hex(), OpenSslSha256Hex(large.substr(32 * kChunk)));
  EXPECT_EQ(c->chunks[5].Hex(), OpenSslSha256Hex(large.substr(5 * kChunk, kChunk)));
}

TEST(HashingTest, WithoutChunksOnlyWholeFileDigests) {
  TestTree t;
  const std::string data = PatternBytes(kChunk * 3, 5);
  t.Write("big.bin", data);
  auto r = Scan(t, 2, /*chunks=*/false);
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto* f = r->manifest.Find("big.bin");
  EXPECT_TRUE(f->chunks.empty());
  EXPECT_EQ(f->sha256.Hex(), OpenSslSha256Hex(data));
}

TEST(ParallelHasherTest, ReportsFileThatChangedSize) {
  TestTree t;
  t.Write("a.bin", "abc");
  ParallelHasher h(HashOptions{kChunk, true, 2});
  auto r = h.Hash({HashJob{t.Path("a.bin"), "a.bin", 5}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kIo);
  EXPECT_NE(r.error().message().find("'a.bin'"), std::string::npos) << r.error().message();
}

// Issue 9 item 13: only the size was compared, so a same-size rewrite after the walk was
// signed as if it were what the walk saw. Now the walk's stamp (inode, size, mtime, ctime) must
// still hold when the file is opened and after it was read.
TEST(ParallelHasherTest, SameSizeRewriteAfterTheWalkIsReported) {
  TestTree t;
  t.Write("ok.bin", "fine");
  t.Write("w.bin", PatternBytes(3 * kChunk, 1));
  PathFilter filter({}, {}, false);
  DirWalker walker(t.root(), filter);
  auto walk = walker.Walk();
  ASSERT_TRUE(walk.ok()) << walk.error().message();
  {
    // In place, same size (no truncate, no new inode): only the times tell.
    std::fstream f(t.Path("w.bin"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(kChunk);
    f << "torn";
  }
  for (unsigned threads : {1u, 2u}) {
    ScanOptions opts;
    opts.chunk_size = kChunk;
    opts.threads = threads;
    auto r = BuildManifest(*walk, opts);
    ASSERT_FALSE(r.ok()) << threads;
    EXPECT_EQ(r.error().code(), Errc::kIo);
    EXPECT_NE(r.error().message().find("'w.bin': file changed during the scan"), std::string::npos)
        << r.error().message();
  }
}

// A same-size rewrite in place while the file is being read (the torn case): the seam runs
// after a task's reads, before its stamp is compared, and writes the file once.
TEST(ParallelHasherTest, RewriteInPlaceWhileReadingIsReported) {
  for (uint64_t size : {uint64_t{100}, 3 * kChunk, uint64_t{3} << 20}) {  // small, chunked, big
    for (unsigned threads : {1u, 2u}) {
      TestTree t;
      t.Write("w.bin", PatternBytes(static_cast<size_t>(size), 2));
      PathFilter filter({}, {}, false);
      auto walk = DirWalker(t.root(), filter).Walk();
      ASSERT_TRUE(walk.ok()) << walk.error().message();
      const WalkEntry& e = walk->entries.at(0);
      std::atomic<bool> written{false};
      HashOptions opts{kChunk, true, threads};
      opts.after_read_for_test = [&](const HashJob& job) {
        if (written.exchange(true)) return;
        std::fstream f(job.read_path, std::ios::in | std::ios::out | std::ios::binary);
        f << "torn";
      };
      auto r = ParallelHasher(opts).Hash({HashJob{e.read_path, e.path, e.size, e.stamp}});
      ASSERT_FALSE(r.ok()) << "size " << size << " threads " << threads;
      EXPECT_EQ(r.error().code(), Errc::kIo);
      EXPECT_NE(r.error().message().find("'w.bin': file changed during the scan"),
                std::string::npos)
          << r.error().message();
    }
  }
}

TEST(ParallelHasherTest, UnchangedFileWithStampHashes) {
  TestTree t;
  const std::string data = PatternBytes(3 * kChunk, 3);
  t.Write("w.bin", data);
  PathFilter filter({}, {}, false);
  auto walk = DirWalker(t.root(), filter).Walk();
  ASSERT_TRUE(walk.ok()) << walk.error().message();
  const WalkEntry& e = walk->entries.at(0);
  int calls = 0;
  HashOptions opts{kChunk, true, 1};
  opts.after_read_for_test = [&](const HashJob&) { ++calls; };
  auto r = ParallelHasher(opts).Hash({HashJob{e.read_path, e.path, e.size, e.stamp}});
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->at(0).sha256.Hex(), OpenSslSha256Hex(data));
  EXPECT_EQ(calls, 1);
}

TEST(ParallelHasherTest, MissingFileIsNamed) {
  ParallelHasher h(HashOptions{kChunk, true, 2});
  auto r = h.Hash({HashJob{"/nonexistent/afs/x.bin", "x.bin", 5}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kNotFound);
  EXPECT_NE(r.error().message().find("'x.bin'"), std::string::npos);
}

TEST(ParallelHasherTest, WorkerCountIsBoundedByTasks) {
  ParallelHasher h(HashOptions{kChunk, true, 8});
  EXPECT_EQ(h.WorkerCount(3), 3u);
  EXPECT_EQ(h.WorkerCount(100), 8u);
  EXPECT_EQ(h.WorkerCount(0), 1u);
  ParallelHasher dflt(HashOptions{kChunk, true, 0});
  EXPECT_GE(dflt.WorkerCount(1000), 1u);
}

TEST(HashFileRangeTest, HashesTheRequestedRange) {
  TestTree t;
  const std::string data = PatternBytes(3 << 20, 3);  // spans several read buffers
  t.Write("shard.bin", data);
  auto r = HashFileRange(t.Path("shard.bin"), 1000, (2 << 20) + 17);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->Hex(), OpenSslSha256Hex(data.substr(1000, (2 << 20) + 17)));
  auto whole = HashFileRange(t.Path("shard.bin"), 0, data.size());
  EXPECT_EQ(whole->Hex(), OpenSslSha256Hex(data));
  auto empty = HashFileRange(t.Path("shard.bin"), data.size(), 0);
  EXPECT_EQ(empty->Hex(), OpenSslSha256Hex(""));
}

TEST(HashFileRangeTest, RejectsRangeBeyondEnd) {
  TestTree t;
  t.Write("s.bin", "0123456789");
  EXPECT_EQ(HashFileRange(t.Path("s.bin"), 5, 6).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(HashFileRange(t.Path("s.bin"), 11, 0).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(HashFileRange(t.Path("s.bin"), UINT64_MAX, 2).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(HashFileRange(t.Path("missing"), 0, 1).error().code(), Errc::kNotFound);
}

}  // namespace
}  // namespace attestfs::targets

// Tests for VerifiedReader: verification before serving, no caching of failures, single-flight,
// LRU budget, release of served chunks, zero-copy slices, read-ahead (hash-ahead) only on
// sequential access and never serving a chunk it failed to verify, remote coalescing, disk cache.
#include "content/verified_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "base/file_io.h"
#include "fakes/content/fake_blob_source.h"

namespace attestfs::content {
namespace {

using testing::FakeBlobSource;
using testing::MakeEntry;
using testing::PatternBytes;

constexpr uint64_t kCs = 64 << 10;

class VerifiedReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    small_ = PatternBytes(1000, 1);
    big_ = PatternBytes(16 * kCs + 123, 2);
    small_entry_ = MakeEntry("config.json", small_, kCs);
    big_entry_ = MakeEntry("model/weights.bin", big_, kCs);
    source_ = std::make_shared<FakeBlobSource>(remote_);
    source_->Set(small_entry_.path, small_);
    source_->Set(big_entry_.path, big_);
    options_.chunk_size = kCs;
    options_.read_ahead_chunks = 0;
    options_.log = [this](std::string_view l) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_.emplace_back(l);
    };
  }
  std::unique_ptr<VerifiedReader> Make() {
    return std::make_unique<VerifiedReader>(source_, options_);
  }

  bool remote_ = false;
  std::string small_, big_;
  attestation::FileEntry small_entry_, big_entry_;
  std::shared_ptr<FakeBlobSource> source_;
  VerifiedReaderOptions options_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(VerifiedReaderTest, ReadsSmallFileAndRangesOfChunkedFile) {
  auto r = Make();
  auto s = r->Read(small_entry_, 0, 4096);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(*s, small_);
  for (uint64_t off : std::initializer_list<uint64_t>{0, 1, kCs - 5, 3 * kCs + 17, 16 * kCs}) {
    auto b = r->Read(big_entry_, off, 2 * kCs + 9);
    ASSERT_TRUE(b.ok()) << b.error().message();
    EXPECT_EQ(*b, big_.substr(off, 2 * kCs + 9)) << off;
  }
  auto past = r->Read(big_entry_, big_.size() + 5, 10);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->empty());
}

TEST_F(VerifiedReaderTest, RejectsTamperedChunkNamingPathChunkAndDigests) {
  source_->Overwrite(big_entry_.path, 5 * kCs + 7, 'X' ^ big_[5 * kCs + 7]);
  auto r = Make();
  auto ok = r->Read(big_entry_, 0, kCs);  // chunk 0 untouched
  ASSERT_TRUE(ok.ok());
  auto bad = r->Read(big_entry_, 5 * kCs + 100, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
  const std::string& m = bad.error().message();
  EXPECT_NE(m.find("model/weights.bin"), std::string::npos) << m;
  EXPECT_NE(m.find("chunk=5"), std::string::npos) << m;
  EXPECT_NE(m.find(big_entry_.chunks[5].Hex()), std::string::npos) << m;
  std::string tampered = big_.substr(5 * kCs, kCs);
  tampered[7] = static_cast<char>('X' ^ big_[5 * kCs + 7]);
  EXPECT_NE(m.find(digest::Sha256(tampered).Hex()), std::string::npos) << m;
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("chunk=5"), std::string::npos);
}

TEST_F(VerifiedReaderTest, FailedChunkIsNeverCached) {
  auto r = Make();
  source_->SetMode(FakeBlobSource::Mode::kTamper);
  ASSERT_FALSE(r->Read(small_entry_, 0, 10).ok());
  ASSERT_FALSE(r->Read(small_entry_, 0, 10).ok());
  source_->SetMode(FakeBlobSource::Mode::kNormal);
  auto s = r->Read(small_entry_, 0, 10);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, small_.substr(0, 10));
  EXPECT_EQ(r->stats().source_reads, 3u);
  EXPECT_EQ(r->stats().verification_failures, 2u);
}

TEST_F(VerifiedReaderTest, TruncatedSourceIsAVerificationFailure) {
  source_->SetMode(FakeBlobSource::Mode::kTruncate);
  auto r = Make();
  auto s = r->Read(big_entry_, 16 * kCs, 10);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(s.error().message().find("size="), std::string::npos);
}

TEST_F(VerifiedReaderTest, SourceFailurePropagatesAndIsRetried) {
  source_->SetMode(FakeBlobSource::Mode::kFail);
  auto r = Make();
  auto s = r->Read(big_entry_, 0, 10);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kNetwork);
  source_->SetMode(FakeBlobSource::Mode::kNormal);
  EXPECT_TRUE(r->Read(big_entry_, 0, 10).ok());
}

TEST_F(VerifiedReaderTest, StalledSourceTimesOutThenRecovers) {
  options_.fetch_timeout = std::chrono::milliseconds(50);
  source_->SetMode(FakeBlobSource::Mode::kStall);
  auto r = Make();
  auto s = r->Read(small_entry_, 0, 10);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kNetwork);
  EXPECT_NE(s.error().message().find("timed out"), std::string::npos);
  source_->Release();
  auto again = r->Read(small_entry_, 0, 10);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(*again, small_.substr(0, 10));
}

TEST_F(VerifiedReaderTest, ConcurrentReadersOfOneChunkCauseOneFetchAndOneHash) {
  source_->SetMode(FakeBlobSource::Mode::kStall);
  auto r = Make();
  constexpr int kReaders = 8;
  std::vector<std::thread> threads;
  std::vector<std::string> got(kReaders);
  for (int i = 0; i < kReaders; ++i) {
    threads.emplace_back([&, i] {
      auto s = r->Read(big_entry_, 3 * kCs + i * 100, 100);
      if (s.ok()) got[i] = *s;
    });
  }
  while (source_->stalled() != 1 || r->stats().joined_flights != kReaders - 1) {
    std::this_thread::yield();
  }
  source_->Release();
  for (auto& t : threads) t.join();
  for (int i = 0; i < kReaders; ++i) EXPECT_EQ(got[i], big_.substr(3 * kCs + i * 100, 100));
  EXPECT_EQ(r->stats().source_reads, 1u);
  EXPECT_EQ(r->stats().chunks_verified, 1u);
}

TEST_F(VerifiedReaderTest, RepeatReadsComeFromMemoryWithinBudget) {
  options_.memory_budget_bytes = 2 * kCs;
  auto r = Make();
  ASSERT_TRUE(r->Read(big_entry_, 0, 10).ok());
  ASSERT_TRUE(r->Read(big_entry_, 5, 10).ok());
  EXPECT_EQ(r->stats().source_reads, 1u);
  EXPECT_EQ(r->stats().memory_hits, 1u);
  // Chunks 1..3 push chunk 0 out of a two-chunk budget.
  ASSERT_TRUE(r->Read(big_entry_, kCs, 3 * kCs).ok());
  ASSERT_TRUE(r->Read(big_entry_, 0, 10).ok());
  EXPECT_EQ(r->stats().source_reads, 5u);
}

TEST_F(VerifiedReaderTest, SequentialReadsTriggerReadAhead) {
  options_.read_ahead_chunks = 3;
  auto r = Make();
  for (uint64_t off = 0; off < kCs; off += 16 << 10)
    ASSERT_TRUE(r->Read(big_entry_, off, 16 << 10).ok());
  EXPECT_EQ(r->stats().read_ahead_chunks, 3u);
  auto s = r->Read(big_entry_, kCs, 3 * kCs);  // served by the read-ahead fetches
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, big_.substr(kCs, 3 * kCs));
  // Each of chunks 1..3 was fetched once (by read-ahead), never again by the demand read.
  auto calls = source_->calls();
  for (uint64_t c = 1; c <= 3; ++c) {
    EXPECT_EQ(std::count_if(calls.begin(), calls.end(),
                            [&](const FakeBlobSource::Call& k) { return k.offset == c * kCs; }),
              1)
        << c;
  }
}

TEST_F(VerifiedReaderTest, SequentialDetectionIsPerStream) {
  options_.read_ahead_chunks = 2;
  auto interleaved = [&](uint64_t stream_a, uint64_t stream_b) {
    auto r = Make();
    for (uint64_t off = 0; off < kCs; off += 16 << 10) {
      EXPECT_TRUE(r->Read(big_entry_, off, 16 << 10, stream_a).ok());
      EXPECT_TRUE(r->Read(big_entry_, 8 * kCs + off, 16 << 10, stream_b).ok());
    }
    return r->stats().read_ahead_chunks;
  };
  EXPECT_EQ(interleaved(1, 2), 4u);  // two sequential streams, two chunks ahead each
  EXPECT_EQ(interleaved(0, 0), 0u);  // one stream jumping back and forth looks random
}

TEST_F(VerifiedReaderTest, RandomAccessFetchesOnlyItsOwnChunks) {
  options_.read_ahead_chunks = 4;
  auto r = Make();
  for (uint64_t c : std::initializer_list<uint64_t>{9, 2, 14, 5, 11})
    ASSERT_TRUE(r->Read(big_entry_, c * kCs + 10, 100).ok());
  EXPECT_EQ(r->stats().read_ahead_chunks, 0u);
  auto calls = source_->calls();
  ASSERT_EQ(calls.size(), 5u);
  for (const auto& c : calls) EXPECT_EQ(c.length, kCs);
}

TEST_F(VerifiedReaderTest, SlicesAreViewsIntoVerifiedChunks) {
  auto r = Make();
  auto s = r->ReadSlices(big_entry_, kCs - 10, kCs + 20);  // the end of 0, all of 1, start of 2
  ASSERT_TRUE(s.ok()) << s.error().message();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].view(), std::string_view(big_).substr(kCs - 10, 10));
  EXPECT_EQ((*s)[1].view(), std::string_view(big_).substr(kCs, kCs));
  EXPECT_EQ((*s)[2].view(), std::string_view(big_).substr(2 * kCs, 10));
  EXPECT_EQ((*s)[1].chunk->size(), kCs);  // the whole verified chunk is what is kept alive
  auto past = r->ReadSlices(big_entry_, big_.size(), 10);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->empty());
  source_->SetMode(FakeBlobSource::Mode::kTamper);
  auto bad = r->ReadSlices(big_entry_, 9 * kCs, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
}

TEST_F(VerifiedReaderTest, FullyServedChunksAreReleasedFromMemory) {
  options_.release_served_chunks = true;
  auto r = Make();
  for (uint64_t off = 0; off < kCs; off += 16 << 10)
    ASSERT_TRUE(r->Read(big_entry_, off, 16 << 10).ok());
  EXPECT_EQ(r->stats().source_reads, 1u);
  EXPECT_EQ(r->stats().memory_hits, 3u);  // the rest of chunk 0 came from memory
  EXPECT_EQ(r->stats().chunks_released, 1u);
  // The consumer (the kernel page cache) holds chunk 0 now; asking again re-verifies it.
  auto again = r->Read(big_entry_, 100, 10);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, big_.substr(100, 10));
  EXPECT_EQ(r->stats().source_reads, 2u);
  EXPECT_EQ(r->stats().chunks_verified, 2u);
  // A partly served chunk stays.
  ASSERT_TRUE(r->Read(big_entry_, 2 * kCs, kCs / 2).ok());
  ASSERT_TRUE(r->Read(big_entry_, 2 * kCs, 10).ok());
  EXPECT_EQ(r->stats().source_reads, 3u);
}

TEST_F(VerifiedReaderTest, ReleasingLocalReaderKeepsOnlyASmallWindowOfPartlyServedChunks) {
  // 12 chunks of 4 MiB, each partly served: a releasing local reader keeps at most 32 MiB of
  // them (the kernel page cache holds what was served), not the 128 MiB budget.
  constexpr uint64_t kBig = 4 << 20;
  const std::string bytes = PatternBytes(12 * kBig, 9);
  auto entry = MakeEntry("big.bin", bytes, kBig);
  source_->Set(entry.path, bytes);
  options_.chunk_size = kBig;
  options_.memory_budget_bytes = 128ull << 20;
  options_.release_served_chunks = true;
  auto r = Make();
  for (uint64_t c = 0; c < 12; ++c) ASSERT_TRUE(r->Read(entry, c * kBig, 10).ok());
  EXPECT_EQ(r->stats().source_reads, 12u);
  auto again = r->Read(entry, 11 * kBig + 100, 10);  // recent: still in memory
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, bytes.substr(11 * kBig + 100, 10));
  EXPECT_EQ(r->stats().source_reads, 12u);
  ASSERT_TRUE(r->Read(entry, 100, 10).ok());  // the oldest was evicted: read and hashed again
  EXPECT_EQ(r->stats().source_reads, 13u);
  // Without releasing (e.g. a caller that does not cache), the whole budget is used.
  options_.release_served_chunks = false;
  auto keep = Make();
  for (uint64_t c = 0; c < 12; ++c) ASSERT_TRUE(keep->Read(entry, c * kBig, 10).ok());
  ASSERT_TRUE(keep->Read(entry, 100, 10).ok());
  EXPECT_EQ(keep->stats().source_reads, 12u);
}

TEST_F(VerifiedReaderTest, ReadAheadNeverRefetchesAChunkAlreadyServedAndReleased) {
  // The kernel sends read-ahead requests on several threads, so requests arrive out of order:
  // chunk 1 can be served in full (and released) before the rest of chunk 0 is asked for, and
  // the stream's read-ahead then restarts from chunk 1.
  options_.read_ahead_chunks = 2;
  options_.release_served_chunks = true;
  auto r = Make();
  ASSERT_TRUE(r->Read(big_entry_, 0, 16 << 10).ok());
  ASSERT_TRUE(r->Read(big_entry_, 16 << 10, 16 << 10).ok());  // sequential: chunks 1, 2 ahead
  ASSERT_TRUE(r->Read(big_entry_, kCs, kCs).ok());            // chunk 1 served in full
  ASSERT_TRUE(r->Read(big_entry_, 32 << 10, 16 << 10).ok());  // out of order: detector resets
  ASSERT_TRUE(r->Read(big_entry_, 40 << 10, 8 << 10).ok());
  ASSERT_TRUE(r->Read(big_entry_, 48 << 10, 16 << 10).ok());  // sequential again: ahead from 1
  EXPECT_EQ(r->stats().chunks_released, 2u);
  r.reset();  // runs every queued read-ahead fetch to completion
  auto calls = source_->calls();
  EXPECT_EQ(std::count_if(calls.begin(), calls.end(),
                          [&](const FakeBlobSource::Call& k) { return k.offset == kCs; }),
            1);
}

TEST_F(VerifiedReaderTest, TamperWhileHashAheadIsInFlightIsNeverServed) {
  options_.read_ahead_chunks = 2;
  auto r = Make();
  ASSERT_TRUE(r->Read(big_entry_, 0, 16 << 10).ok());
  // The next sequential read starts hash-ahead of chunks 1 and 2; hold those fetches.
  source_->SetMode(FakeBlobSource::Mode::kStall);
  ASSERT_TRUE(r->Read(big_entry_, 16 << 10, 16 << 10).ok());  // chunk 0: from memory
  while (source_->stalled() != 2) std::this_thread::yield();
  EXPECT_EQ(r->stats().read_ahead_chunks, 2u);
  // The backing bytes of chunk 1 change while its hash-ahead is in flight.
  const char orig = big_[kCs + 5];
  source_->Overwrite(big_entry_.path, kCs + 5, static_cast<char>(orig ^ 1));
  source_->SetMode(FakeBlobSource::Mode::kNormal);
  source_->Release();
  auto bad = r->Read(big_entry_, kCs, 100);  // joins (or follows) the failed hash-ahead
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(bad.error().message().find("chunk=1"), std::string::npos) << bad.error().message();
  auto two = r->Read(big_entry_, 2 * kCs, kCs);  // the untouched chunk is fine
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, big_.substr(2 * kCs, kCs));
  // Nothing of the failed chunk was kept: once the bytes are right again, it verifies.
  source_->Overwrite(big_entry_.path, kCs + 5, orig);
  auto good = r->Read(big_entry_, kCs, 100);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, big_.substr(kCs, 100));
}

TEST_F(VerifiedReaderTest, HashAheadResultsAreExactlyTheSourceBytes) {
  // Many sequential streams with recycled buffers: every byte served matches the file.
  options_.read_ahead_chunks = 4;
  options_.release_served_chunks = true;
  options_.memory_budget_bytes = 3 * kCs;  // tight: forces eviction and buffer reuse
  auto r = Make();
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (uint64_t t = 1; t <= 4; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t off = 0; off < big_.size(); off += 20000) {
        auto s = r->Read(big_entry_, off, 20000, t);
        if (!s.ok() || *s != big_.substr(off, 20000)) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(r->stats().verification_failures, 0u);
}

TEST_F(VerifiedReaderTest, LocalReaderUsesAtMostOneFetchThreadPerCore) {
  options_.fetch_threads = 64;
  auto local = Make();
  size_t cores = std::thread::hardware_concurrency();
  if (cores != 0) {
    EXPECT_EQ(local->fetch_threads(), std::min<size_t>(64, cores));
  }
  auto remote = std::make_shared<FakeBlobSource>(/*remote=*/true);
  VerifiedReader network(remote, options_);
  EXPECT_EQ(network.fetch_threads(), 64u);  // waits on the network, not on a core
}

class RemoteReaderTest : public VerifiedReaderTest {
 protected:
  void SetUp() override {
    remote_ = true;
    VerifiedReaderTest::SetUp();
    char tmpl[] = "/tmp/afs-cache-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(RemoteReaderTest, CorruptedTransferIsRefetchedOnce) {
  source_->SetMode(FakeBlobSource::Mode::kTamperOnce);
  auto r = Make();
  auto s = r->Read(small_entry_, 0, 10);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(*s, small_.substr(0, 10));
  EXPECT_EQ(r->stats().source_reads, 2u);
  EXPECT_EQ(r->stats().verification_failures, 1u);
  ASSERT_EQ(log_.size(), 1u);  // the corrupted transfer is still logged
  source_->SetMode(FakeBlobSource::Mode::kTamper);
  auto bad = r->Read(big_entry_, 0, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
}

TEST_F(RemoteReaderTest, BoundedSequentialRangeFetchesOnlyItsOwnChunks) {
  options_.read_ahead_chunks = 4;
  options_.remote_read_ahead_after_bytes = 8 * kCs;
  auto r = Make();
  // A tensor-sized range read in kernel-sized pieces: chunks 2..5 only, no read-ahead.
  for (uint64_t off = 2 * kCs; off < 6 * kCs; off += 16 << 10)
    ASSERT_TRUE(r->Read(big_entry_, off, 16 << 10).ok());
  EXPECT_EQ(r->stats().read_ahead_chunks, 0u);
  EXPECT_EQ(r->stats().source_bytes, 4 * kCs);
}

TEST_F(RemoteReaderTest, LongSequentialRunStartsReadAhead) {
  options_.read_ahead_chunks = 4;
  options_.remote_read_ahead_after_bytes = 8 * kCs;
  auto r = Make();
  for (uint64_t off = 0; off < 9 * kCs; off += 16 << 10)
    ASSERT_TRUE(r->Read(big_entry_, off, 16 << 10).ok());
  EXPECT_GT(r->stats().read_ahead_chunks, 0u);
  auto s = r->Read(big_entry_, 9 * kCs, 4 * kCs);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, big_.substr(9 * kCs, 4 * kCs));
}

TEST_F(RemoteReaderTest, CoalescesAdjacentChunksIntoOneRangeRead) {
  options_.max_coalesced_chunks = 8;
  auto r = Make();
  auto s = r->Read(big_entry_, 2 * kCs + 1, 3 * kCs);  // chunks 2..5
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, big_.substr(2 * kCs + 1, 3 * kCs));
  auto calls = source_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].offset, 2 * kCs);
  EXPECT_EQ(calls[0].length, 4 * kCs);
  EXPECT_EQ(r->stats().chunks_verified, 4u);
}

TEST_F(RemoteReaderTest, DiskCacheServesLaterReaderWithoutFetching) {
  auto cache = DiskChunkCache::Open(dir_ + "/c");
  ASSERT_TRUE(cache.ok()) << cache.error().message();
  options_.disk_cache = std::move(cache).value();
  ASSERT_TRUE(Make()->Read(big_entry_, 7 * kCs, 10).ok());
  auto second = Make();
  auto s = second->Read(big_entry_, 7 * kCs, 10);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, big_.substr(7 * kCs, 10));
  EXPECT_EQ(source_->calls().size(), 1u);
  EXPECT_EQ(second->stats().disk_hits, 1u);
}

TEST_F(RemoteReaderTest, CorruptedDiskEntryIsAMissNeverServed) {
  auto cache = DiskChunkCache::Open(dir_ + "/c");
  ASSERT_TRUE(cache.ok());
  options_.disk_cache = std::move(cache).value();
  ASSERT_TRUE(Make()->Read(small_entry_, 0, 10).ok());
  std::string entry = options_.disk_cache->EntryPath(small_entry_.sha256);
  ASSERT_TRUE(WriteFileAtomic(entry, std::string(small_.size(), 'Z'), 0600).ok());
  auto second = Make();
  auto s = second->Read(small_entry_, 0, 10);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, small_.substr(0, 10));
  EXPECT_EQ(second->stats().disk_hits, 0u);
  EXPECT_EQ(source_->calls().size(), 2u);
  auto healed = ReadFileLimited(entry, 1 << 20);
  ASSERT_TRUE(healed.ok());
  EXPECT_EQ(*healed, small_);
}

TEST_F(RemoteReaderTest, TamperedRemoteChunkNeverEntersDiskCache) {
  auto cache = DiskChunkCache::Open(dir_ + "/c");
  ASSERT_TRUE(cache.ok());
  options_.disk_cache = std::move(cache).value();
  source_->SetMode(FakeBlobSource::Mode::kTamper);
  ASSERT_FALSE(Make()->Read(big_entry_, 0, 10).ok());
  EXPECT_FALSE(ReadFileLimited(options_.disk_cache->EntryPath(big_entry_.chunks[0]), 1 << 20).ok());
}

TEST_F(RemoteReaderTest, DiskCacheRefusesDirectoryOpenToOthers) {
  ASSERT_EQ(::mkdir((dir_ + "/open").c_str(), 0755), 0);
  ::chmod((dir_ + "/open").c_str(), 0755);
  auto cache = DiskChunkCache::Open(dir_ + "/open");
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().code(), Errc::kPermission);
  auto fresh = DiskChunkCache::Open(dir_ + "/new/cache");
  ASSERT_TRUE(fresh.ok());
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/new/cache").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

}  // namespace
}  // namespace attestfs::content

// BackingFileCache: private directory checks, copies complete only with every verified chunk,
// and VerifiedReader writes only verified chunks into them (a tampered chunk never lands).
#include "content/backing_file_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/temp_dir.h"
#include "content/verified_reader.h"
#include "fakes/content/fake_blob_source.h"

namespace attestfs::content {
namespace {

using testing::FakeBlobSource;
using testing::MakeEntry;
using testing::PatternBytes;

constexpr uint64_t kCs = 64 << 10;

std::string ReadAll(int fd, uint64_t size) {
  std::string out(size, '\0');
  EXPECT_EQ(::pread(fd, out.data(), size, 0), static_cast<ssize_t>(size));
  return out;
}

TEST(BackingFileCacheTest, CreatesAPrivateDirectoryAndRefusesAnOpenOne) {
  auto tmp = TempDir::Create("afs-bfc");
  ASSERT_TRUE(tmp.ok());
  std::string dir = tmp->path() + "/passthrough";
  auto cache = BackingFileCache::Open(dir, kCs);
  ASSERT_TRUE(cache.ok()) << cache.error().message();
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);
  EXPECT_FALSE(BackingFileCache::Open(dir, kCs).ok());
}

TEST(BackingFileCacheTest, ACopyIsReadyOnlyOnceEveryChunkIsIn) {
  auto tmp = TempDir::Create("afs-bfc");
  ASSERT_TRUE(tmp.ok());
  auto cache = BackingFileCache::Open(tmp->path() + "/p", kCs);
  ASSERT_TRUE(cache.ok());
  std::string bytes = PatternBytes(3 * kCs + 10, 7);
  auto entry = MakeEntry("w.bin", bytes, kCs);
  for (uint64_t i : {2u, 0u, 3u}) {
    EXPECT_TRUE((*cache)->Wants(entry, i));
    (*cache)->PutVerified(entry, i, std::string_view(bytes).substr(i * kCs, kCs));
    EXPECT_FALSE((*cache)->Wants(entry, i));
    EXPECT_EQ((*cache)->ReadyFd(entry), -1);
  }
  (*cache)->PutVerified(entry, 1, std::string_view(bytes).substr(kCs, kCs));
  int fd = (*cache)->ReadyFd(entry);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAll(fd, bytes.size()), bytes);
  EXPECT_EQ((*cache)->stats().files_complete, 1u);
  EXPECT_EQ((*cache)->stats().bytes_written, bytes.size());
  // The copy has no name: the directory stays empty.
  EXPECT_EQ(::rmdir(((*cache)->dir()).c_str()), 0);
}

TEST(BackingFileCacheTest, DisabledCacheTakesNothing) {
  auto tmp = TempDir::Create("afs-bfc");
  ASSERT_TRUE(tmp.ok());
  auto cache = BackingFileCache::Open(tmp->path() + "/p", kCs);
  ASSERT_TRUE(cache.ok());
  auto entry = MakeEntry("s.json", "{}", kCs);
  (*cache)->Disable();
  EXPECT_FALSE((*cache)->Wants(entry, 0));
  (*cache)->PutVerified(entry, 0, "{}");
  EXPECT_EQ((*cache)->ReadyFd(entry), -1);
}

// Polls (no timing assertion: a generous bound only so a bug cannot hang the test).
int WaitReady(BackingFileCache& cache, const attestation::FileEntry& entry) {
  for (int i = 0; i < 2000; ++i) {
    int fd = cache.ReadyFd(entry);
    if (fd >= 0) return fd;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

class ReaderCopyTest : public ::testing::TestWithParam<bool> {};  // remote source?

TEST_P(ReaderCopyTest, CopiesOnlyVerifiedChunksOnceTheWholeFileVerified) {
  auto tmp = TempDir::Create("afs-bfc");
  ASSERT_TRUE(tmp.ok());
  std::string bytes = PatternBytes(4 * kCs + 99, 3);
  auto entry = MakeEntry("m/w.bin", bytes, kCs);
  auto source = std::make_shared<FakeBlobSource>(GetParam());
  source->Set(entry.path, bytes);
  auto cache = BackingFileCache::Open(tmp->path() + "/p", kCs);
  ASSERT_TRUE(cache.ok());
  std::shared_ptr<BackingFileCache> shared(std::move(*cache));
  VerifiedReaderOptions o;
  o.chunk_size = kCs;
  o.read_ahead_chunks = 0;
  o.backing_files = shared;
  VerifiedReader reader(source, o);
  ASSERT_TRUE(reader.Read(entry, 0, 2 * kCs).ok());
  EXPECT_EQ(shared->ReadyFd(entry), -1);
  source->Overwrite(entry.path, 3 * kCs + 5, 'X');  // chunk 3 now fails verification
  EXPECT_FALSE(reader.Read(entry, 2 * kCs, 3 * kCs).ok());
  EXPECT_EQ(shared->ReadyFd(entry), -1);
  EXPECT_TRUE(shared->Wants(entry, 3));
  source->Set(entry.path, bytes);
  ASSERT_TRUE(reader.Read(entry, 2 * kCs, 3 * kCs).ok());
  int fd = WaitReady(*shared, entry);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAll(fd, bytes.size()), bytes);
}

INSTANTIATE_TEST_SUITE_P(LocalAndRemote, ReaderCopyTest, ::testing::Values(false, true));

TEST(BackingFileCacheTest, FillerNeverWritesBytesThatFailVerification) {
  auto tmp = TempDir::Create("afs-bfc");
  ASSERT_TRUE(tmp.ok());
  auto cache = BackingFileCache::Open(tmp->path() + "/p", kCs);
  ASSERT_TRUE(cache.ok());
  std::string bytes = PatternBytes(2 * kCs, 5);
  auto entry = MakeEntry("w.bin", bytes, kCs);
  std::atomic<int> calls{0};
  (*cache)->StartFiller([&](const attestation::FileEntry&, uint64_t) -> Result<std::string> {
    ++calls;
    return Error(Errc::kVerificationFailed, "tampered since");
  });
  (*cache)->NoteVerified(entry, 0);
  (*cache)->NoteVerified(entry, 1);
  for (int i = 0; i < 2000 && calls.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  (*cache)->StopFiller();
  EXPECT_GE(calls.load(), 1);
  EXPECT_EQ((*cache)->ReadyFd(entry), -1);
}

}  // namespace
}  // namespace attestfs::content

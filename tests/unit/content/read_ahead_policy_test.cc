// ReadAheadPolicy: sequential detection (with the kernel's slight reordering), random access,
// per-stream and per-file state, the window clipped at the file's end, the minimum run for
// remote sources, forgetting a stream, and the files and settings that never read ahead.
#include "content/read_ahead_policy.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>

namespace attestfs::content {
namespace {

constexpr uint64_t kCs = 64 << 10;
constexpr uint64_t kPiece = 16 << 10;  // a kernel-sized read

attestation::FileEntry Entry(uint64_t size, uint64_t chunk_size = kCs) {
  attestation::FileEntry e;
  e.path = "weights.bin";
  e.size = size;
  if (size > chunk_size) e.chunks.resize(attestation::ChunkCount(size, chunk_size));
  return e;
}

ReadAheadOptions Options(size_t window, uint64_t min_run = 0, uint64_t cs = kCs) {
  ReadAheadOptions o;
  o.chunk_size = cs;
  o.window_chunks = window;
  o.min_run_bytes = min_run;
  return o;
}

class ReadAheadPolicyTest : public ::testing::Test {
 protected:
  attestation::FileEntry big_ = Entry(16 * kCs + 123);  // 17 chunks
};

TEST_F(ReadAheadPolicyTest, SecondSequentialReadStartsReadAheadPastTheChunkRead) {
  ReadAheadPolicy p(Options(4));
  // A new stream's first read at the start of the file already counts as sequential.
  EXPECT_EQ(p.OnRead(big_, 0, 0, kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, kPiece, 2 * kPiece), (ChunkRange{1, 4}));
  EXPECT_EQ(p.OnRead(big_, 0, 2 * kPiece, 3 * kPiece), (ChunkRange{1, 4}));
  // Reading into chunk 1 moves the window on.
  EXPECT_EQ(p.OnRead(big_, 0, kCs, kCs + kPiece), (ChunkRange{2, 5}));
  EXPECT_EQ(p.OnRead(big_, 0, kCs + kPiece, 3 * kCs), (ChunkRange{3, 6}));
}

TEST_F(ReadAheadPolicyTest, RandomAccessNeverReadsAhead) {
  ReadAheadPolicy p(Options(4));
  for (uint64_t c : {9, 2, 14, 5, 11}) {
    EXPECT_EQ(p.OnRead(big_, 0, c * kCs + 10, c * kCs + 110), std::nullopt) << c;
  }
}

TEST_F(ReadAheadPolicyTest, ReadsSlightlyOutOfOrderStillCountAsSequential) {
  ReadAheadPolicy p(Options(2));
  EXPECT_EQ(p.OnRead(big_, 0, 0, kPiece), std::nullopt);
  // The kernel's read-ahead requests overtake each other: still within one chunk of the end.
  EXPECT_EQ(p.OnRead(big_, 0, 2 * kPiece, 3 * kPiece), (ChunkRange{1, 2}));
  EXPECT_EQ(p.OnRead(big_, 0, kPiece, 2 * kPiece), (ChunkRange{1, 2}));
}

TEST_F(ReadAheadPolicyTest, AJumpRestartsDetection) {
  ReadAheadPolicy p(Options(2));
  EXPECT_EQ(p.OnRead(big_, 0, 0, kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, kPiece, 2 * kPiece), (ChunkRange{1, 2}));
  // More than one chunk past where the stream was: random, and two more sequential reads needed.
  const uint64_t far = 8 * kCs;
  EXPECT_EQ(p.OnRead(big_, 0, far, far + kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, far + kPiece, far + 2 * kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, far + 2 * kPiece, far + 3 * kPiece), (ChunkRange{9, 10}));
  // Backwards by more than a chunk is a jump too.
  EXPECT_EQ(p.OnRead(big_, 0, 2 * kCs, 2 * kCs + kPiece), std::nullopt);
}

TEST_F(ReadAheadPolicyTest, NearnessIsCappedAtTwoMebibytesForLargeChunks) {
  constexpr uint64_t kBig = 4ull << 20;
  attestation::FileEntry f = Entry(10 * kBig, kBig);
  ReadAheadPolicy p(Options(2, 0, kBig));
  EXPECT_EQ(p.OnRead(f, 0, 0, 1 << 20), std::nullopt);
  EXPECT_EQ(p.OnRead(f, 0, 3 << 20, 4 << 20), (ChunkRange{1, 2}));  // 2 MiB past: still near
  EXPECT_EQ(p.OnRead(f, 0, 7 << 20, 8 << 20), std::nullopt);        // 3 MiB past: a jump
}

TEST_F(ReadAheadPolicyTest, DetectionIsPerStreamAndPerFile) {
  ReadAheadPolicy p(Options(2));
  const uint64_t b = 8 * kCs;
  // Two streams of one file, interleaved, each sequential.
  EXPECT_EQ(p.OnRead(big_, 1, 0, kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 2, b, b + kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 1, kPiece, 2 * kPiece), (ChunkRange{1, 2}));
  EXPECT_EQ(p.OnRead(big_, 2, b + kPiece, b + 2 * kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 2, b + 2 * kPiece, b + 3 * kPiece), (ChunkRange{9, 10}));
  // The same interleaving on one stream jumps back and forth: random.
  ReadAheadPolicy one(Options(2));
  for (uint64_t off = 0; off < kCs; off += kPiece) {
    EXPECT_EQ(one.OnRead(big_, 0, off, off + kPiece), std::nullopt) << off;
    EXPECT_EQ(one.OnRead(big_, 0, b + off, b + off + kPiece), std::nullopt) << off;
  }
  // Stream 0 of another file is another stream.
  attestation::FileEntry other = Entry(16 * kCs);
  EXPECT_EQ(p.OnRead(other, 1, b, b + kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 1, 2 * kPiece, 3 * kPiece), (ChunkRange{1, 2}));
  EXPECT_EQ(p.stream_count(), 3u);
}

TEST_F(ReadAheadPolicyTest, WindowIsClippedAtTheLastChunk) {
  ReadAheadPolicy p(Options(4));
  const uint64_t c14 = 14 * kCs;
  EXPECT_EQ(p.OnRead(big_, 0, c14, c14 + kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, c14 + kPiece, c14 + 2 * kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 0, c14 + 2 * kPiece, c14 + 3 * kPiece), (ChunkRange{15, 16}));
  // Reading the last chunk leaves nothing ahead.
  EXPECT_EQ(p.OnRead(big_, 0, 16 * kCs, big_.size), std::nullopt);
}

TEST_F(ReadAheadPolicyTest, RemoteRunMustCoverTheMinimumFirst) {
  ReadAheadPolicy p(Options(4, 8 * kCs));
  // A bounded range (chunks 2..5) in kernel-sized pieces: never reads ahead.
  for (uint64_t off = 2 * kCs; off < 6 * kCs; off += kPiece) {
    EXPECT_EQ(p.OnRead(big_, 0, off, off + kPiece), std::nullopt) << off;
  }
  // A run from the start: read-ahead begins with the read that completes 8 chunks.
  ReadAheadPolicy q(Options(4, 8 * kCs));
  for (uint64_t off = 0; off + kPiece < 8 * kCs; off += kPiece) {
    EXPECT_EQ(q.OnRead(big_, 0, off, off + kPiece), std::nullopt) << off;
  }
  EXPECT_EQ(q.OnRead(big_, 0, 8 * kCs - kPiece, 8 * kCs), (ChunkRange{8, 11}));
}

TEST_F(ReadAheadPolicyTest, EndStreamForgetsTheStream) {
  ReadAheadPolicy p(Options(2));
  const uint64_t b = 8 * kCs;
  EXPECT_EQ(p.OnRead(big_, 7, b, b + kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(big_, 7, b + kPiece, b + 2 * kPiece), std::nullopt);
  EXPECT_EQ(p.stream_count(), 1u);
  p.EndStream(big_, 7);
  EXPECT_EQ(p.stream_count(), 0u);
  // The next read on that handle number starts a new stream (far from offset 0: a jump).
  EXPECT_EQ(p.OnRead(big_, 7, b + 2 * kPiece, b + 3 * kPiece), std::nullopt);
  p.EndStream(big_, 99);  // unknown: nothing happens
  EXPECT_EQ(p.stream_count(), 1u);
}

TEST_F(ReadAheadPolicyTest, SingleChunkFilesAndAZeroWindowNeverReadAheadNorTrackStreams) {
  ReadAheadPolicy p(Options(4));
  attestation::FileEntry small = Entry(kCs);  // exactly one chunk
  EXPECT_EQ(p.OnRead(small, 0, 0, kPiece), std::nullopt);
  EXPECT_EQ(p.OnRead(small, 0, kPiece, 2 * kPiece), std::nullopt);
  EXPECT_EQ(p.stream_count(), 0u);
  ReadAheadPolicy off(Options(0));
  for (uint64_t o = 0; o < 4 * kCs; o += kPiece) {
    EXPECT_EQ(off.OnRead(big_, 0, o, o + kPiece), std::nullopt) << o;
  }
  EXPECT_EQ(off.stream_count(), 0u);
}

}  // namespace
}  // namespace attestfs::content

// Tests for FileManifest ordering, path validation and chunk encoding.
#include "attestation/file_manifest.h"

#include <gtest/gtest.h>

#include "digest/sha256_hasher.h"

namespace attestfs::attestation {
namespace {

TEST(PathLessTest, OrdersComponentWiseLikePurePosixPath) {
  // Byte order would put "a/b" after "a-b" ('/' > '-'); component order puts "a" first.
  EXPECT_TRUE(PathLess("a/b", "a-b"));
  EXPECT_FALSE(PathLess("a-b", "a/b"));
  EXPECT_TRUE(PathLess("a", "a/b"));
  EXPECT_FALSE(PathLess("a", "a"));
  EXPECT_TRUE(PathLess("A", "a"));
}

TEST(ValidateRelativePathTest, RejectsTraversalAbsoluteAndControlCharacters) {
  EXPECT_TRUE(ValidateRelativePath("model/weights.safetensors").ok());
  EXPECT_EQ(ValidateRelativePath("../etc/passwd").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(ValidateRelativePath("a/../../b").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(ValidateRelativePath("/abs").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(ValidateRelativePath("a\nb").error().code(), Errc::kUnsafePath);
  EXPECT_EQ(ValidateRelativePath("a//b").error().code(), Errc::kUnsafePath);
}

TEST(ChunkIndexTest, EncodesAndDecodesRoundTrip) {
  std::vector<digest::Digest> chunks = {digest::Sha256("a"), digest::Sha256("b")};
  auto decoded = DecodeChunks(EncodeChunks(chunks));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, chunks);
  EXPECT_FALSE(DecodeChunks("AAAA").ok());  // 3 bytes: not a multiple of 32
}

TEST(FileManifestTest, SubjectDigestIsHashOfConcatenatedRawDigests) {
  FileManifest m;
  FileEntry a{.path = "b.txt", .size = 1, .sha256 = digest::Sha256("b")};
  FileEntry b{.path = "a.txt", .size = 1, .sha256 = digest::Sha256("a")};
  m.files = {a, b};
  m.Sort();
  EXPECT_EQ(m.files[0].path, "a.txt");
  std::string concat =
      std::string(digest::Sha256("a").Raw()) + std::string(digest::Sha256("b").Raw());
  EXPECT_EQ(m.SubjectDigest(), digest::Sha256(concat));
}

TEST(FileManifestTest, ValidateRejectsWrongChunkCount) {
  FileManifest m;
  m.chunk_size = kMinChunkSize;
  m.files.push_back(FileEntry{.path = "big", .size = kMinChunkSize * 2 + 1});
  EXPECT_EQ(m.Validate().error().code(), Errc::kMalformed);
  m.files[0].chunks.resize(3);
  EXPECT_TRUE(m.Validate().ok());
}

}  // namespace
}  // namespace attestfs::attestation

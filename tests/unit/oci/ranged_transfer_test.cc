// Single large blobs: parallel Range downloads (verified over the whole file, fallback when the
// registry ignores Range, clear errors when a range response lies) and early uploads (a chunked
// upload started before the digest is known, finished by PushModel, refused when the file
// changed). Progress reporting is counted through a fake ProgressSink.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/file_io.h"
#include "base/mutex.h"
#include "digest/sha256_hasher.h"
#include "oci/auth/credential_store.h"
#include "oci/early_uploads.h"
#include "oci/model_transfer.h"
#include "registry_env.h"

namespace attestfs::oci::testing {
namespace {

namespace fs = std::filesystem;

// Counts what the library reports.
class CountingProgress final : public ProgressSink {
 public:
  int Begin(std::string_view, uint64_t total) override {
    MutexLock lock(mu_);
    totals_ += total;
    return begun_++;
  }
  void Advance(int, uint64_t bytes) override {
    MutexLock lock(mu_);
    done_ += bytes;
  }
  void Finish(int) override {
    MutexLock lock(mu_);
    ++finished_;
  }
  uint64_t done() {
    MutexLock lock(mu_);
    return done_;
  }
  int begun() {
    MutexLock lock(mu_);
    return begun_;
  }
  int finished() {
    MutexLock lock(mu_);
    return finished_;
  }

 private:
  Mutex mu_;
  uint64_t done_ AFS_GUARDED_BY(mu_) = 0;
  uint64_t totals_ AFS_GUARDED_BY(mu_) = 0;
  int begun_ AFS_GUARDED_BY(mu_) = 0;
  int finished_ AFS_GUARDED_BY(mu_) = 0;
};

class RangedTransferTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kSegment = 64 << 10;

  void SetUp() override {
    repo_ = *Reference::Parse(fake_.host() + "/ranged/repo");
    data_.resize(1 << 20 | 12345);  // 17 segments, the last one short
    for (size_t i = 0; i < data_.size(); ++i) data_[i] = static_cast<char>((i * 131) >> 3);
    desc_ = DescribeBytes("application/octet-stream", data_);
    fake_.PutBlob("ranged/repo", data_);
  }
  RegistryOptions Options() {
    RegistryOptions o;
    o.plain_http = true;
    o.parallel_range_threshold = 256 << 10;
    o.range_segment_bytes = kSegment;
    o.progress = &progress_;
    return o;
  }
  std::string BlobGet() const { return "GET /v2/ranged/repo/blobs/" + desc_.digest.ToString(); }
  bool DirEmpty() const { return fs::is_empty(dir_.path()); }

  FakeRegistry fake_;
  TempDir dir_;
  Reference repo_;
  std::string data_;
  Descriptor desc_;
  CountingProgress progress_;
};

struct Client {
  explicit Client(RegistryOptions o) : http(ClientStack::FastHttp()), registry(http, &creds, o) {}
  http::CurlHttpClient http;
  auth::StaticCredentialStore creds{auth::Credential{}};
  RegistryClient registry;
};

TEST_F(RangedTransferTest, LargeBlobArrivesAsParallelRangesIntoAVerifiedFile) {
  Client c(Options());
  ASSERT_TRUE(c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4).ok());
  EXPECT_EQ(*ReadFileLimited(dir_.path() + "/out", 4 << 20), data_);
  EXPECT_EQ(fake_.Count(BlobGet()), 17);
  EXPECT_EQ(progress_.done(), data_.size());
  EXPECT_EQ(progress_.begun(), 1);
  EXPECT_EQ(progress_.finished(), 1);
}

TEST_F(RangedTransferTest, OneStreamMeansOneRequest) {
  Client c(Options());
  ASSERT_TRUE(c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 1).ok());
  EXPECT_EQ(fake_.Count(BlobGet()), 1);
}

TEST_F(RangedTransferTest, RegistryIgnoringRangeGetsOnePlainVerifiedDownload) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kIgnoreRange, 1000);
  ASSERT_TRUE(c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4).ok());
  EXPECT_EQ(*ReadFileLimited(dir_.path() + "/out", 4 << 20), data_);
  EXPECT_EQ(fs::file_size(dir_.path() + "/out"), data_.size());
}

TEST_F(RangedTransferTest, WrongContentRangeIsAClearErrorAndLeavesNothing) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kWrongContentRange, 1);
  auto st = c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(st.error().message().find("Content-Range"), std::string::npos) << st.error().message();
  EXPECT_TRUE(DirEmpty());
}

TEST_F(RangedTransferTest, ShortRangeResponseIsAClearErrorAndLeavesNothing) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kShortRange, 1);
  auto st = c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(st.error().message().find("bytes of bytes="), std::string::npos)
      << st.error().message();
  EXPECT_TRUE(DirEmpty());
}

TEST_F(RangedTransferTest, WrongBytesInOneRangeFailTheWholeFileDigest) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kWrongBytes, 1);
  auto st = c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(st.error().message().find("content digest is"), std::string::npos)
      << st.error().message();
  EXPECT_TRUE(DirEmpty());
}

TEST_F(RangedTransferTest, TruncatedRangeResumesWhereItBrokeOff) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kTruncate, 1);
  ASSERT_TRUE(c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4).ok());
  EXPECT_EQ(*ReadFileLimited(dir_.path() + "/out", 4 << 20), data_);
}

TEST_F(RangedTransferTest, PersistentServerErrorNamesTheRange) {
  Client c(Options());
  fake_.InjectFault(BlobGet(), Fault::kServerError, 1000);
  auto st = c.registry.FetchBlobToFile(repo_, desc_, dir_.path() + "/out", 4);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(DirEmpty());
}

// A model of one large file: the early upload carries the bytes, PushModel only finishes it.
class EarlyUploadTest : public RangedTransferTest {
 protected:
  void SetUp() override {
    RangedTransferTest::SetUp();
    root_ = dir_.path() + "/model";
    fs::create_directories(root_);
    std::ofstream(root_ + "/weights.bin", std::ios::binary) << data_;
    files_.files.push_back(attestation::FileEntry{});
    files_.files[0].path = "weights.bin";
    files_.files[0].size = data_.size();
    files_.files[0].sha256 = desc_.digest;
    ref_ = *Reference::Parse(fake_.host() + "/early/model:v1");
  }
  // The early upload has started (PushModel drops queued ones and uploads them itself).
  void AwaitFirstPatch() {
    for (int i = 0; i < 500 && fake_.Count("PATCH ") == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string root_;
  attestation::FileManifest files_;
  Reference ref_;
};

TEST_F(EarlyUploadTest, PushFinishesTheEarlyUploadInsteadOfUploadingAgain) {
  RegistryOptions o = Options();
  o.upload_chunk_size = 256 << 10;
  Client c(o);
  EarlyUploads early(c.registry, ref_, 1);
  early.Add(root_, "weights.bin", data_.size());
  AwaitFirstPatch();
  PushModelOptions po;
  po.early = &early;
  auto pushed = PushModel(c.registry, root_, files_, ref_, po);
  ASSERT_TRUE(pushed.ok()) << pushed.error().message();
  EXPECT_TRUE(fake_.HasBlob("early/model", desc_.digest.ToString()));
  EXPECT_EQ(fake_.Count("PATCH "), 5);  // 1 MiB + 12345 bytes in 256 KiB chunks, sent once
  EXPECT_GE(progress_.done(), data_.size());
}

TEST_F(EarlyUploadTest, AFileChangedAfterHashingFailsThePushByName) {
  Client c(Options());
  std::string changed = data_;
  changed[100] ^= 1;
  std::ofstream(root_ + "/weights.bin", std::ios::binary) << changed;
  EarlyUploads early(c.registry, ref_, 1);
  early.Add(root_, "weights.bin", data_.size());
  AwaitFirstPatch();
  PushModelOptions po;
  po.early = &early;
  auto pushed = PushModel(c.registry, root_, files_, ref_, po);
  ASSERT_FALSE(pushed.ok());
  EXPECT_EQ(pushed.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(pushed.error().message().find("weights.bin changed while it was uploaded"),
            std::string::npos)
      << pushed.error().message();
  EXPECT_FALSE(fake_.HasBlob("early/model", desc_.digest.ToString()));
}

TEST_F(EarlyUploadTest, ABlobTheRegistryHasIsNotUploadedAgain) {
  fake_.PutBlob("early/model", data_);
  Client c(Options());
  {
    EarlyUploads early(c.registry, ref_, 1);
    early.Add(root_, "weights.bin", data_.size());
    PushModelOptions po;
    po.early = &early;
    ASSERT_TRUE(PushModel(c.registry, root_, files_, ref_, po).ok());
  }
  EXPECT_EQ(fake_.Count("PUT /v2/early/model/blobs/uploads/"), 1);  // the config blob only
}

}  // namespace
}  // namespace attestfs::oci::testing

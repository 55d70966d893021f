// AttestFs without a kernel: tree synthesis, stable inodes, attributes, read-only checks, verified
// reads over fake sources (tamper, truncate, fail, stall), symlink containment and tracing.
#include "fuse/attest_fs.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <map>

#include "base/file_io.h"
#include "fakes/content/fake_blob_source.h"
#include "fuse/errno_map.h"

namespace attestfs::fs {
namespace {

using content::testing::FakeBlobSource;
using content::testing::MakeEntry;
using content::testing::PatternBytes;

constexpr uint64_t kCs = 64 << 10;

attestation::FileEntry Link(const std::string& path, const std::string& target) {
  attestation::FileEntry e;
  e.path = path;
  e.type = attestation::FileEntry::Type::kSymlink;
  e.link_target = target;
  e.size = 3;
  e.sha256 = digest::Sha256("abc");
  return e;
}

class AttestFsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = {{"config.json", "{\"a\":1}"},
              {"model/weights.bin", PatternBytes(5 * kCs + 7, 3)},
              {"model/tok/vocab.txt", "hello\nworld\n"},
              {"run.sh", "#!/bin/sh\n"},
              {"empty", ""}};
    manifest_.chunk_size = kCs;
    source_ = std::make_shared<FakeBlobSource>();
    for (const auto& [p, b] : files_) {
      manifest_.files.push_back(MakeEntry(p, b, kCs, p == "run.sh"));
      source_->Set(p, b);
    }
    manifest_.files.push_back(Link("model/latest", "weights.bin"));
    manifest_.files.push_back(Link("escape", "../etc/passwd"));
    manifest_.files.push_back(Link("abs", "/etc/passwd"));
    manifest_.Sort();
  }
  std::unique_ptr<AttestFs> Make(AttestFsOptions o = {}) {
    o.uid = 1234;
    o.gid = 99;
    o.mtime = 1700000000;
    o.reader.read_ahead_chunks = 0;
    o.log = [this](std::string_view l) { log_.emplace_back(l); };
    auto fs = AttestFs::Create(manifest_, source_, o);
    EXPECT_TRUE(fs.ok()) << fs.error().message();
    return fs.ok() ? std::move(fs).value() : nullptr;
  }
  uint64_t Ino(AttestFs& fs, const std::string& path) {
    uint64_t ino = kRootInode;
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      if (slash == std::string::npos) slash = path.size();
      auto a = fs.Lookup(ino, path.substr(start, slash - start));
      if (!a.ok()) return 0;
      ino = a->ino;
      start = slash + 1;
    }
    return ino;
  }

  std::map<std::string, std::string> files_;
  attestation::FileManifest manifest_;
  std::shared_ptr<FakeBlobSource> source_;
  std::vector<std::string> log_;
  RequestContext ctx_{42, 1000, 1000};
};

TEST_F(AttestFsTest, ShowsOnlyAttestedFilesWithSynthesizedDirectories) {
  auto fs = Make();
  auto root = fs->ReadDir(kRootInode);
  ASSERT_TRUE(root.ok());
  std::vector<std::string> names;
  for (const auto& e : *root) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"config.json", "empty", "model", "run.sh"}));
  auto model = fs->Lookup(kRootInode, "model");
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->mode, static_cast<uint32_t>(S_IFDIR | 0555));
  EXPECT_EQ(model->nlink, 3u);  // itself, "..", and tok/
  auto missing = fs->Lookup(kRootInode, "not-attested");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ErrnoFor(missing.error()), ENOENT);
  // Escaping symlinks are dropped and logged.
  EXPECT_FALSE(fs->Lookup(kRootInode, "escape").ok());
  EXPECT_FALSE(fs->Lookup(kRootInode, "abs").ok());
  EXPECT_EQ(log_.size(), 2u);
}

TEST_F(AttestFsTest, InodeNumbersAreStableAcrossInstances) {
  auto a = Make();
  auto b = Make();
  for (const auto& [p, bytes] : files_) {
    uint64_t ia = Ino(*a, p);
    EXPECT_NE(ia, 0u) << p;
    EXPECT_EQ(ia, Ino(*b, p)) << p;
  }
  EXPECT_EQ(a->GetAttr(kRootInode)->mode, static_cast<uint32_t>(S_IFDIR | 0555));
}

TEST_F(AttestFsTest, AttributesComeFromTheManifest) {
  auto fs = Make();
  auto w = fs->GetAttr(Ino(*fs, "model/weights.bin"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->size, files_["model/weights.bin"].size());
  EXPECT_EQ(w->mode, static_cast<uint32_t>(S_IFREG | 0444));
  EXPECT_EQ(w->uid, 1234u);
  EXPECT_EQ(w->mtime, 1700000000);
  EXPECT_EQ(fs->GetAttr(Ino(*fs, "run.sh"))->mode, static_cast<uint32_t>(S_IFREG | 0555));
  auto link = fs->GetAttr(Ino(*fs, "model/latest"));
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->mode & S_IFMT, static_cast<uint32_t>(S_IFLNK));
  EXPECT_EQ(*fs->ReadLink(Ino(*fs, "model/latest")), "weights.bin");
  EXPECT_FALSE(fs->ReadLink(Ino(*fs, "run.sh")).ok());
}

TEST_F(AttestFsTest, ReadsReturnVerifiedBytes) {
  auto fs = Make();
  for (const auto& [p, bytes] : files_) {
    uint64_t ino = Ino(*fs, p);
    ASSERT_TRUE(fs->Open(ino, O_RDONLY, ctx_).ok());
    auto all = fs->Read(ino, 0, bytes.size() + 100, ctx_);
    ASSERT_TRUE(all.ok()) << p << ": " << all.error().message();
    EXPECT_EQ(*all, bytes) << p;
  }
  uint64_t w = Ino(*fs, "model/weights.bin");
  auto mid = fs->Read(w, kCs - 3, 2 * kCs, ctx_);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(*mid, files_["model/weights.bin"].substr(kCs - 3, 2 * kCs));
}

TEST_F(AttestFsTest, WritesAreReadOnlyErrors) {
  auto fs = Make();
  uint64_t ino = Ino(*fs, "config.json");
  for (int flags : {O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC}) {
    auto s = fs->Open(ino, flags, ctx_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(ErrnoFor(s.error()), EROFS);
  }
  EXPECT_EQ(ErrnoFor(fs->Modify("rename").error()), EROFS);
}

TEST_F(AttestFsTest, TamperedTruncatedFailingSourcesGiveEio) {
  auto fs = Make();
  uint64_t ino = Ino(*fs, "model/weights.bin");
  for (auto mode : {FakeBlobSource::Mode::kTamper, FakeBlobSource::Mode::kTruncate,
                    FakeBlobSource::Mode::kFail}) {
    source_->SetMode(mode);
    auto r = fs->Read(ino, 2 * kCs, 100, ctx_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(ErrnoFor(r.error()), EIO);
  }
  source_->SetMode(FakeBlobSource::Mode::kNormal);
  auto ok = fs->Read(ino, 2 * kCs, 100, ctx_);  // nothing bad was cached
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, files_["model/weights.bin"].substr(2 * kCs, 100));
}

TEST_F(AttestFsTest, LocalFileChangedAfterMountGivesEioOnlyForChangedChunk) {
  auto fs = Make();
  uint64_t ino = Ino(*fs, "model/weights.bin");
  source_->Overwrite("model/weights.bin", 3 * kCs + 5,
                     '\x01' ^ files_["model/weights.bin"][3 * kCs + 5]);
  EXPECT_TRUE(fs->Read(ino, 2 * kCs, 100, ctx_).ok());
  auto bad = fs->Read(ino, 3 * kCs, 100, ctx_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kVerificationFailed);
}

TEST_F(AttestFsTest, MissingBackingFileIsEioNotEnoent) {
  source_ = std::make_shared<FakeBlobSource>();  // empty source
  auto fs = Make();
  auto r = fs->Read(Ino(*fs, "config.json"), 0, 10, ctx_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ErrnoFor(r.error()), EIO);
}

TEST_F(AttestFsTest, StalledSourceTimesOutWithEio) {
  AttestFsOptions o;
  o.reader.fetch_timeout = std::chrono::milliseconds(30);
  auto fs = Make(o);
  source_->SetMode(FakeBlobSource::Mode::kStall);
  auto r = fs->Read(Ino(*fs, "config.json"), 0, 10, ctx_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ErrnoFor(r.error()), EIO);
  source_->Release();
}

TEST_F(AttestFsTest, TracesOpensAndReads) {
  char tmpl[] = "/tmp/afs-trace-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string path = std::string(tmpl) + "/trace.jsonl";
  AttestFsOptions o;
  auto trace =
      AccessTrace::Open(path, nullptr, [](int pid) { return "cmd" + std::to_string(pid); });
  ASSERT_TRUE(trace.ok());
  o.trace = std::move(trace).value();
  auto fs = Make(o);
  uint64_t ino = Ino(*fs, "config.json");
  ASSERT_TRUE(fs->Open(ino, O_RDONLY, ctx_).ok());
  ASSERT_TRUE(fs->Read(ino, 0, 4096, ctx_).ok());
  auto text = ReadFileLimited(path, 1 << 20);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("\"event\":\"open\",\"path\":\"config.json\",\"pid\":42,\"uid\":1000,"
                       "\"command\":\"cmd42\""),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("\"event\":\"read\",\"path\":\"config.json\",\"pid\":42,\"uid\":1000,"
                       "\"offset\":0,\"length\":7"),
            std::string::npos)
      << *text;
  std::system(("rm -rf " + std::string(tmpl)).c_str());
}

TEST(InodeTableTest, SymlinkContainment) {
  std::map<std::string, bool> links{{"d", true}, {"a/b", false}};
  EXPECT_TRUE(SymlinkStaysInside("a/l", "b", links));
  EXPECT_TRUE(SymlinkStaysInside("a/l", "../x", links));
  EXPECT_FALSE(SymlinkStaysInside("a/l", "../../x", links));
  EXPECT_FALSE(SymlinkStaysInside("l", "/etc", links));
  EXPECT_FALSE(SymlinkStaysInside("x", "d/..", links));  // ".." through another symlink
  EXPECT_TRUE(SymlinkStaysInside("x", "d", links));
}

}  // namespace
}  // namespace attestfs::fs

// ScanTarget on git: targets — tracked files only, HEAD, uncommitted changes, LFS pointers,
// subdirectories, remote-based names, and git:URL clones of a local repository.
#include <gtest/gtest.h>

#include <filesystem>

#include "targets/git_repo.h"
#include "targets/scanner.h"
#include "test_tree.h"

namespace attestfs::targets {
namespace {

using testing::OpenSslSha256Hex;
using testing::TestTree;

constexpr char kLfsPointer[] =
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 12345\n";

class GitScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git CLI not found";
    t_.Write("repo/config.json", "{\"a\":1}");
    t_.Write("repo/weights/model.bin", "weights-v1");
    t_.Write("repo/weights/big.safetensors", kLfsPointer);
    t_.Write("repo/.gitattributes", "*.safetensors filter=lfs\n");
    t_.Write("repo/run.sh", "#!/bin/sh\n", 0755);
    ASSERT_EQ(t_.Git("repo", "init -q ."), 0);
    ASSERT_EQ(t_.Git("repo", "add -A"), 0);
    ASSERT_EQ(t_.Git("repo", "commit -q -m init"), 0);
    t_.Write("repo/untracked.txt", "not tracked");
  }

  std::string Head() {
    std::string out = t_.Path("head.txt");
    EXPECT_EQ(t_.Git("repo", "rev-parse HEAD >" + out + " 2>/dev/null; true"), 0);
    std::string s;
    std::ifstream(out) >> s;
    return s;
  }

  Result<ScannedTarget> Scan(const std::string& location, ScanOptions opts = {}) {
    return ScanTarget(TargetSpec{TargetSpec::Kind::kGit, location}, opts);
  }

  TestTree t_;
};

std::vector<std::string> Paths(const attestation::FileManifest& m) {
  std::vector<std::string> out;
  for (const auto& f : m.files) out.push_back(f.path);
  return out;
}

TEST_F(GitScanTest, HashesTrackedFilesOnlyAndRecordsHead) {
  auto r = Scan(t_.Path("repo"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(Paths(r->manifest),
            (std::vector<std::string>{"config.json", "run.sh", "weights/big.safetensors",
                                      "weights/model.bin"}));
  ASSERT_TRUE(r->git.has_value());
  EXPECT_EQ(r->git->commit.size(), 40u);
  EXPECT_EQ(r->git->commit, Head());
  EXPECT_TRUE(r->git->uncommitted.empty());
  EXPECT_TRUE(r->git->remote_url.empty());
  EXPECT_EQ(r->git->repo_root, r->root);
  EXPECT_EQ(r->default_name, r->root);  // no remote: the absolute repo path
  EXPECT_TRUE(r->manifest.Find("run.sh")->executable);
  EXPECT_EQ(r->manifest.Find("weights/model.bin")->sha256.Hex(), OpenSslSha256Hex("weights-v1"));
  EXPECT_EQ(r->temp_clone, nullptr);
  EXPECT_TRUE(r->manifest.Validate().ok());
}

TEST_F(GitScanTest, ReportsLfsPointerButStillListsIt) {
  auto r = Scan(t_.Path("repo"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->git->lfs_missing, std::vector<std::string>{"weights/big.safetensors"});
  const auto* f = r->manifest.Find("weights/big.safetensors");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->sha256.Hex(), OpenSslSha256Hex(kLfsPointer));
}

TEST_F(GitScanTest, ModifiedStagedAndDeletedFilesAreUncommitted) {
  t_.Write("repo/weights/model.bin", "weights-v2");
  t_.Write("repo/staged.txt", "new");
  ASSERT_EQ(t_.Git("repo", "add staged.txt"), 0);
  std::filesystem::remove(t_.Path("repo/run.sh"));
  auto r = Scan(t_.Path("repo"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->git->uncommitted,
            (std::vector<std::string>{"run.sh", "staged.txt", "weights/model.bin"}));
  // The manifest holds the work-tree content: the modified bytes, the staged file, not the
  // deleted one.
  EXPECT_EQ(r->manifest.Find("weights/model.bin")->sha256.Hex(), OpenSslSha256Hex("weights-v2"));
  EXPECT_NE(r->manifest.Find("staged.txt"), nullptr);
  EXPECT_EQ(r->manifest.Find("run.sh"), nullptr);
  EXPECT_EQ(r->manifest.Find("untracked.txt"), nullptr);
}

TEST_F(GitScanTest, SubdirectoryTargetUsesRemoteUrlPlusSubpath) {
  ASSERT_EQ(t_.Git("repo", "remote add origin https://user:secret@example.com/org/model.git"), 0);
  t_.Write("repo/weights/model.bin", "changed");
  auto r = Scan(t_.Path("repo/weights"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(Paths(r->manifest), (std::vector<std::string>{"big.safetensors", "model.bin"}));
  EXPECT_EQ(r->default_name, "https://example.com/org/model.git/weights");
  EXPECT_EQ(r->git->remote_url, "https://example.com/org/model.git");  // no credentials
  EXPECT_EQ(r->git->uncommitted, std::vector<std::string>{"model.bin"});
  EXPECT_EQ(r->git->lfs_missing, std::vector<std::string>{"big.safetensors"});
  EXPECT_NE(r->root, r->git->repo_root);
}

TEST_F(GitScanTest, WithoutOriginUsesAnotherRemote) {
  ASSERT_EQ(t_.Git("repo", "remote add upstream https://example.org/up/model.git"), 0);
  auto r = Scan(t_.Path("repo"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->git->remote_url, "https://example.org/up/model.git");
  EXPECT_EQ(r->default_name, "https://example.org/up/model.git");
}

TEST_F(GitScanTest, PatternsApplyToTrackedFiles) {
  ScanOptions opts;
  opts.exclude = {"*.sh"};
  auto r = Scan(t_.Path("repo"), opts);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->manifest.Find("run.sh"), nullptr);
  EXPECT_EQ(r->manifest.excluded, std::vector<std::string>{"run.sh"});
}

TEST_F(GitScanTest, TrackedSymlinkEscapingTheRepoIsRefused) {
  t_.Write("outside.txt", "secret");
  t_.Symlink("../outside.txt", "repo/leak");
  ASSERT_EQ(t_.Git("repo", "add leak"), 0);
  ASSERT_EQ(t_.Git("repo", "commit -q -m leak"), 0);
  auto r = Scan(t_.Path("repo"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath);
  EXPECT_NE(r.error().message().find("'leak'"), std::string::npos) << r.error().message();
}

TEST_F(GitScanTest, ClonesFileUrlIntoTempDir) {
  std::string url = "file://" + t_.Path("repo");
  auto r = Scan(url);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_NE(r->temp_clone, nullptr);
  const std::string clone = r->temp_clone->path();
  EXPECT_TRUE(std::filesystem::is_directory(clone));
  EXPECT_EQ(r->default_name, url);
  EXPECT_EQ(r->git->commit, Head());
  EXPECT_EQ(r->git->remote_url, url);
  EXPECT_TRUE(r->git->uncommitted.empty());
  EXPECT_EQ(Paths(r->manifest),
            (std::vector<std::string>{"config.json", "run.sh", "weights/big.safetensors",
                                      "weights/model.bin"}));
  EXPECT_TRUE(r->manifest.Validate().ok());
  r = Error(Errc::kNotFound, "dropped");  // the last copy of the target goes: the clone with it
  EXPECT_FALSE(std::filesystem::exists(clone));
}

TEST_F(GitScanTest, BareRepositoryPathIsClonedFirst) {
  ASSERT_EQ(t_.Git("", "clone -q --bare repo bare.git"), 0);
  auto r = Scan(t_.Path("bare.git"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_NE(r->temp_clone, nullptr);
  EXPECT_EQ(r->git->commit, Head());
  EXPECT_EQ(r->default_name, std::filesystem::canonical(t_.Path("bare.git")).string());
  EXPECT_NE(r->manifest.Find("weights/model.bin"), nullptr);
}

TEST_F(GitScanTest, FailedCloneLeavesNoTempDir) {
  t_.Mkdir("tmp");
  const char* old = std::getenv("TMPDIR");
  std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", t_.Path("tmp").c_str(), 1);
  auto r = Scan("file://" + t_.Path("no-such-repo"));
  if (old != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("clone"), std::string::npos) << r.error().message();
  EXPECT_TRUE(std::filesystem::is_empty(t_.Path("tmp")));
}

TEST_F(GitScanTest, CloneErrorsDoNotShowCredentials) {
  auto r = Scan("file://user:hunter2@" + t_.Path("no-such-repo"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message().find("hunter2"), std::string::npos) << r.error().message();
}

TEST_F(GitScanTest, NonRepositoryDirectoryIsAnError) {
  t_.Write("plain/a.txt", "a");
  auto r = Scan(t_.Path("plain"));
  // The temp dir lives under /tmp, which is not inside a repository.
  ASSERT_FALSE(r.ok());
}

TEST(GitScanNoCommitTest, UnbornHeadHasNoCommitAndEverythingStagedIsUncommitted) {
  TestTree t;
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git CLI not found";
  t.Write("repo/a.txt", "a");
  t.Write("repo/b.txt", "b");
  ASSERT_EQ(t.Git("repo", "init -q ."), 0);
  ASSERT_EQ(t.Git("repo", "add a.txt"), 0);
  auto r = ScanTarget(TargetSpec{TargetSpec::Kind::kGit, t.Path("repo")}, {});
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->git->commit.empty());
  EXPECT_EQ(r->git->uncommitted, std::vector<std::string>{"a.txt"});
  EXPECT_EQ(Paths(r->manifest), std::vector<std::string>{"a.txt"});  // b.txt is untracked
}

TEST(GitUrlTest, StripsCredentialsAndRecognisesUrls) {
  EXPECT_EQ(StripUrlCredentials("https://u:p@host/x.git"), "https://host/x.git");
  EXPECT_EQ(StripUrlCredentials("https://host/x@y.git"), "https://host/x@y.git");
  EXPECT_EQ(StripUrlCredentials("git@github.com:o/r.git"), "git@github.com:o/r.git");
  EXPECT_TRUE(LooksLikeGitUrl("file:///tmp/r"));
  EXPECT_TRUE(LooksLikeGitUrl("git@github.com:o/r.git"));
  EXPECT_FALSE(LooksLikeGitUrl("/tmp/r"));
  EXPECT_FALSE(LooksLikeGitUrl("./a@b/c:d"));
}

}  // namespace
}  // namespace attestfs::targets

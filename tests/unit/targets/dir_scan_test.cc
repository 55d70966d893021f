// ScanTarget on dir: and file: targets — content, metadata, filters and the refusals.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <cstring>

#include "targets/scanner.h"
#include "test_tree.h"

namespace attestfs::targets {
namespace {

using attestation::FileEntry;
using testing::OpenSslSha256Hex;
using testing::TestTree;

Result<ScannedTarget> ScanDir(const TestTree& t, ScanOptions opts = {}) {
  return ScanTarget(TargetSpec{TargetSpec::Kind::kDir, t.root()}, opts);
}

std::vector<std::string> Paths(const attestation::FileManifest& m) {
  std::vector<std::string> out;
  for (const auto& f : m.files) out.push_back(f.path);
  return out;
}

TEST(DirScanTest, RecordsNestedFilesSortedWithDigestsSizesAndModes) {
  TestTree t;
  t.Write("config.json", "{}");
  t.Write("a/b/weights.bin", "weights");
  t.Write("a.b", "dot");
  t.Write("empty", "");
  t.Write("run.sh", "#!/bin/sh\n", 0744);
  auto r = ScanDir(t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(Paths(r->manifest),
            (std::vector<std::string>{"a/b/weights.bin", "a.b", "config.json", "empty", "run.sh"}));
  const FileEntry* w = r->manifest.Find("a/b/weights.bin");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->size, 7u);
  EXPECT_EQ(w->sha256.Hex(), OpenSslSha256Hex("weights"));
  EXPECT_FALSE(w->executable);
  const FileEntry* e = r->manifest.Find("empty");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->size, 0u);
  EXPECT_EQ(e->sha256.Hex(), OpenSslSha256Hex(""));
  EXPECT_TRUE(r->manifest.Find("run.sh")->executable);
  EXPECT_EQ(r->default_name, r->root);
  EXPECT_EQ(r->root[0], '/');
  EXPECT_FALSE(r->is_single_file);
  EXPECT_TRUE(r->manifest.Validate().ok());
}

TEST(DirScanTest, EmptyDirectoryGivesEmptyManifest) {
  TestTree t;
  auto r = ScanDir(t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->manifest.files.empty());
  EXPECT_TRUE(r->manifest.Validate().ok());
}

TEST(DirScanTest, SkipsVcsFilesAtTheRootByDefault) {
  TestTree t;
  t.Write(".git/config", "x");
  t.Write(".github/workflows/ci.yml", "x");
  t.Write(".gitattributes", "x");
  t.Write(".gitignore", "x");
  t.Write("sub/.gitignore", "kept: only root-level paths are ignored, as model-signing");
  t.Write("model.bin", "m");
  auto r = ScanDir(t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(Paths(r->manifest), (std::vector<std::string>{"model.bin", "sub/.gitignore"}));
  EXPECT_TRUE(r->manifest.excluded.empty());
  ScanOptions keep;
  keep.skip_vcs_files = false;
  auto all = ScanDir(t, keep);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->manifest.files.size(), 6u);
}

TEST(DirScanTest, IncludeAndExcludePatternsRecordExcludedPaths) {
  TestTree t;
  t.Write("model.safetensors", "m");
  t.Write("sub/extra.safetensors", "s");
  t.Write("sub/notes.txt", "n");
  t.Write("logs/run/out.txt", "l");
  t.Write("config.json", "c");
  ScanOptions opts;
  opts.include = {"*.safetensors", "*.json"};
  opts.exclude = {"sub/**"};
  auto r = ScanDir(t, opts);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(Paths(r->manifest), (std::vector<std::string>{"config.json", "model.safetensors"}));
  EXPECT_EQ(
      r->manifest.excluded,
      (std::vector<std::string>{"logs/run/out.txt", "sub/extra.safetensors", "sub/notes.txt"}));
  EXPECT_EQ(r->manifest.include_patterns, opts.include);
  EXPECT_EQ(r->manifest.exclude_patterns, opts.exclude);
}

TEST(DirScanTest, ExcludedFifoIsNotAnError) {
  TestTree t;
  t.Write("a.bin", "a");
  ASSERT_EQ(::mkfifo(t.Path("pipe").c_str(), 0644), 0);
  ScanOptions opts;
  opts.exclude = {"pipe"};
  auto r = ScanDir(t, opts);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->manifest.excluded, std::vector<std::string>{"pipe"});
}

TEST(DirScanTest, SymlinkInsideTreeRecordsTargetContent) {
  TestTree t;
  t.Write("real/weights.bin", "payload", 0755);
  t.Symlink("real/weights.bin", "link.bin");
  t.Symlink("../real/weights.bin", "sub/rel.bin");
  auto r = ScanDir(t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  const FileEntry* l = r->manifest.Find("link.bin");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->type, FileEntry::Type::kSymlink);
  EXPECT_EQ(l->link_target, "real/weights.bin");
  EXPECT_EQ(l->size, 7u);
  EXPECT_EQ(l->sha256.Hex(), OpenSslSha256Hex("payload"));
  EXPECT_TRUE(l->executable);
  EXPECT_EQ(r->manifest.Find("sub/rel.bin")->link_target, "../real/weights.bin");
  EXPECT_TRUE(r->manifest.Validate().ok());
}

void ExpectRefused(const TestTree& t, Errc code, const std::string& names) {
  auto r = ScanDir(t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), code) << r.error().message();
  EXPECT_NE(r.error().message().find(names), std::string::npos) << r.error().message();
}

TEST(DirScanTest, RefusesRelativeSymlinkEscapingTheTree) {
  TestTree t;
  t.Write("secret", "s");
  t.Write("model/a.bin", "a");
  t.Symlink("../secret", "model/escape");
  auto r = ScanTarget(TargetSpec{TargetSpec::Kind::kDir, t.Path("model")}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath);
  EXPECT_NE(r.error().message().find("'escape'"), std::string::npos) << r.error().message();
}

TEST(DirScanTest, RefusesAbsoluteSymlinkToOutside) {
  TestTree t;
  t.Symlink("/etc/hostname", "host");
  ExpectRefused(t, Errc::kUnsafePath, "'host'");
}

TEST(DirScanTest, RefusesSymlinkToDirectoryInside) {
  TestTree t;
  t.Write("d/a", "a");
  t.Symlink("d", "dirlink");
  ExpectRefused(t, Errc::kUnsupported, "'dirlink'");
}

TEST(DirScanTest, RefusesDanglingSymlink) {
  TestTree t;
  t.Symlink("missing.bin", "dangling");
  ExpectRefused(t, Errc::kNotFound, "'dangling'");
}

TEST(DirScanTest, RefusesFifo) {
  TestTree t;
  t.Write("a.bin", "a");
  t.Mkdir("sub");
  ASSERT_EQ(::mkfifo(t.Path("sub/pipe").c_str(), 0644), 0);
  ExpectRefused(t, Errc::kUnsafePath, "'sub/pipe'");
}

TEST(DirScanTest, RefusesSocket) {
  TestTree t;
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string p = t.Path("sock");
  ASSERT_LT(p.size(), sizeof(addr.sun_path));
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ::close(fd);
  ExpectRefused(t, Errc::kUnsafePath, "'sock'");
}

TEST(DirScanTest, RefusesControlCharactersAndBackslashInNames) {
  {
    TestTree t;
    t.Write("bad\nname", "x");
    ExpectRefused(t, Errc::kUnsafePath, "control character");
  }
  {
    TestTree t;
    t.Write("bad\\name", "x");
    ExpectRefused(t, Errc::kUnsafePath, "backslash");
  }
}

// Issue 9 item 12: a name that is not UTF-8 cannot be carried in a JSON predicate unchanged
// (model-signing replaced the bytes, CycloneDX failed with a usage error): the walker refuses
// it for both, naming the path with the bad bytes escaped.
TEST(DirScanTest, RefusesNamesThatAreNotUtf8) {
  {
    TestTree t;
    t.Write("ok.bin", "x");
    t.Write("sub/bad\xff.bin", "x");
    ExpectRefused(t, Errc::kUnsafePath, "'sub/bad\\xff.bin': not valid UTF-8");
  }
  {
    TestTree t;  // a directory name, even when nothing inside is kept
    t.Write("d\xc3(/f", "x");
    ExpectRefused(t, Errc::kUnsafePath, "'d\\xc3(': not valid UTF-8");
  }
  {
    TestTree t;  // a symlink's target is recorded too
    t.Write("a.bin", "x");
    t.Symlink("a.bin\xed\xa0\x80", "link");
    ExpectRefused(t, Errc::kUnsafePath, "not valid UTF-8");
  }
  {
    TestTree t;  // valid multi-byte names are fine
    t.Write("caf\xc3\xa9/\xe6\xa8\xa1\xe5\x9e\x8b.bin", "x");
    auto r = ScanDir(t);
    ASSERT_TRUE(r.ok()) << r.error().message();
  }
}

TEST(FileScanTest, RefusesFileNameThatIsNotUtf8) {
  TestTree t;
  t.Write("m\xfe.bin", "x");
  auto r = ScanTarget(TargetSpec{TargetSpec::Kind::kFile, t.Path("m\xfe.bin")}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath);
  EXPECT_NE(r.error().message().find("m\\xfe.bin"), std::string::npos) << r.error().message();
}

TEST(DirScanTest, UnreadableFileIsPermissionError) {
  TestTree t;
  t.Write("ok.bin", "x");
  t.Write("locked.bin", "x", 0000);
  if (::geteuid() != 0) return ExpectRefused(t, Errc::kPermission, "'locked.bin'");
  // Root reads files regardless of mode bits: scan in a child that drops to "nobody".
  ASSERT_EQ(::chmod(t.root().c_str(), 0755), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    auto r = ScanDir(t);
    bool ok = !r.ok() && r.error().code() == Errc::kPermission &&
              r.error().message().find("'locked.bin'") != std::string::npos;
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 3) GTEST_SKIP() << "cannot drop privileges";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(FileScanTest, SingleFileTarget) {
  TestTree t;
  t.Write("dir/model.gguf", "gguf-bytes", 0755);
  auto r = ScanTarget(TargetSpec{TargetSpec::Kind::kFile, t.Path("dir/model.gguf")}, {});
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->is_single_file);
  ASSERT_EQ(r->manifest.files.size(), 1u);
  EXPECT_EQ(r->manifest.files[0].path, "model.gguf");
  EXPECT_EQ(r->manifest.files[0].sha256.Hex(), OpenSslSha256Hex("gguf-bytes"));
  EXPECT_TRUE(r->manifest.files[0].executable);
  EXPECT_EQ(r->default_name, r->root + "/model.gguf");
  EXPECT_EQ(r->default_name[0], '/');
}

TEST(ScanTargetTest, ImageKindsAreUnsupportedHere) {
  auto r = ScanTarget(TargetSpec{TargetSpec::Kind::kRegistry, "localhost:5000/m:v1"}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsupported);
}

TEST(ScanTargetTest, RejectsChunkSizeOutOfRange) {
  TestTree t;
  ScanOptions opts;
  opts.chunk_size = 1024;
  auto r = ScanDir(t, opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace attestfs::targets

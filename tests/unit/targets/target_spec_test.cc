// ParseTarget: schemes, bare paths, and the kUsage errors for unknown schemes and missing paths.
#include "targets/target_spec.h"

#include <gtest/gtest.h>

#include "test_tree.h"

namespace attestfs::targets {
namespace {

using Kind = TargetSpec::Kind;
using testing::TestTree;

TEST(ParseTargetTest, ParsesDirFileAndGitSchemes) {
  TestTree t;
  t.Write("m/a.bin", "x");
  auto d = ParseTarget("dir:" + t.Path("m"));
  ASSERT_TRUE(d.ok()) << d.error().message();
  EXPECT_EQ(d->kind, Kind::kDir);
  EXPECT_EQ(d->location, t.Path("m"));
  EXPECT_EQ(d->ToString(), "dir:" + t.Path("m"));

  auto f = ParseTarget("file:" + t.Path("m/a.bin"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, Kind::kFile);

  auto g = ParseTarget("git:" + t.Path("m"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->kind, Kind::kGit);
  EXPECT_EQ(g->ToString(), "git:" + t.Path("m"));
}

TEST(ParseTargetTest, GitUrlsNeedNoLocalPath) {
  for (std::string url : {"https://example.com/org/model.git", "file:///nonexistent/repo",
                          "git@github.com:org/model.git"}) {
    auto g = ParseTarget("git:" + url);
    ASSERT_TRUE(g.ok()) << url;
    EXPECT_EQ(g->kind, Kind::kGit);
    EXPECT_EQ(g->location, url);
  }
}

TEST(ParseTargetTest, BareExistingPathsBecomeDirOrFile) {
  TestTree t;
  t.Write("m/a.bin", "x");
  auto d = ParseTarget(t.Path("m"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, Kind::kDir);
  auto f = ParseTarget(t.Path("m/a.bin"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, Kind::kFile);
  EXPECT_EQ(f->ToString(), "file:" + t.Path("m/a.bin"));
}

TEST(ParseTargetTest, ImageSchemesParseToTheirKinds) {
  EXPECT_EQ(ParseTarget("registry:localhost:5000/m:v1")->kind, Kind::kRegistry);
  EXPECT_EQ(ParseTarget("registry:localhost:5000/m:v1")->location, "localhost:5000/m:v1");
  EXPECT_EQ(ParseTarget("oci-layout:/x/layout:tag")->kind, Kind::kOciLayout);
  EXPECT_EQ(ParseTarget("oci-archive:/x/a.tar")->kind, Kind::kOciArchive);
  EXPECT_EQ(ParseTarget("docker-archive:/x/a.tar")->kind, Kind::kDockerArchive);
  EXPECT_EQ(ParseTarget("docker-archive:/x/a.tar")->ToString(), "docker-archive:/x/a.tar");
}

TEST(ParseTargetTest, BareHostReferencesAreRegistryTargets) {
  EXPECT_EQ(ParseTarget("127.0.0.1:5000/models/bert:v3")->kind, Kind::kRegistry);
  EXPECT_EQ(ParseTarget("localhost:5000/m@sha256:" + std::string(64, 'a'))->kind, Kind::kRegistry);
  EXPECT_EQ(ParseTarget("ghcr.io/org/model:v1")->kind, Kind::kRegistry);
  EXPECT_EQ(ParseTarget("ghcr.io/org/model:v1")->location, "ghcr.io/org/model:v1");
  // A Docker Hub-style name without a host is not guessed at: it could be a missing path.
  EXPECT_FALSE(ParseTarget("org/model").ok());
  EXPECT_FALSE(ParseTarget("host:abc/model").ok());
  EXPECT_FALSE(ParseTarget("./a.b/c").ok());
  EXPECT_FALSE(ParseTarget("../x.y/z").ok());
}

TEST(ParseTargetTest, RejectsUnknownSchemeWithUsage) {
  auto r = ParseTarget("s3://bucket/model");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUsage);
  EXPECT_NE(r.error().message().find("unknown scheme 's3:'"), std::string::npos)
      << r.error().message();
}

TEST(ParseTargetTest, RejectsMissingPathsWithUsage) {
  for (std::string arg : {"/nonexistent/afs/model", "dir:/nonexistent/afs", "file:/nonexistent/f",
                          "git:/nonexistent/repo", "dir:", "registry:", ""}) {
    auto r = ParseTarget(arg);
    ASSERT_FALSE(r.ok()) << arg;
    EXPECT_EQ(r.error().code(), Errc::kUsage) << arg;
  }
}

TEST(ParseTargetTest, RejectsKindMismatch) {
  TestTree t;
  t.Write("a.bin", "x");
  EXPECT_EQ(ParseTarget("dir:" + t.Path("a.bin")).error().code(), Errc::kUsage);
  EXPECT_EQ(ParseTarget("file:" + t.root()).error().code(), Errc::kUsage);
}

TEST(ParseTargetTest, BareExistingPathWinsOverSchemeLookalike) {
  TestTree t;
  t.Write("model:v1", "x");
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(t.root());
  auto r = ParseTarget("model:v1");
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->kind, Kind::kFile);
}

}  // namespace
}  // namespace attestfs::targets

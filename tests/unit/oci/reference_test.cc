// Tests for Reference parsing (Docker Hub defaults, ports, tags, digests, invalid names).
#include "oci/reference.h"

#include <gtest/gtest.h>

namespace attestfs::oci {
namespace {

constexpr const char* kHex = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

TEST(ReferenceTest, AppliesDockerHubDefaults) {
  auto r = Reference::Parse("ubuntu");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->registry, "docker.io");
  EXPECT_EQ(r->repository, "library/ubuntu");
  EXPECT_EQ(r->tag, "latest");
  EXPECT_EQ(r->ApiHost(), "registry-1.docker.io");
  auto u = Reference::Parse("team/model:v1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->repository, "team/model");
  EXPECT_EQ(u->ToString(), "docker.io/team/model:v1");
  auto idx = Reference::Parse("index.docker.io/busybox");
  ASSERT_TRUE(idx.ok());
  EXPECT_EQ(idx->registry, "docker.io");
  EXPECT_EQ(idx->repository, "library/busybox");
}

TEST(ReferenceTest, ParsesHostPortTagAndDigest) {
  auto r = Reference::Parse(std::string("127.0.0.1:5000/a/b:v2@sha256:") + kHex);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->registry, "127.0.0.1:5000");
  EXPECT_EQ(r->ApiHost(), "127.0.0.1:5000");
  EXPECT_EQ(r->repository, "a/b");
  EXPECT_EQ(r->tag, "v2");
  ASSERT_TRUE(r->digest.has_value());
  EXPECT_EQ(r->Identifier(), std::string("sha256:") + kHex);
  auto p = Reference::Parse("localhost:5000/m");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->registry, "localhost:5000");
  EXPECT_EQ(p->repository, "m");  // no library/ prefix outside Docker Hub
  EXPECT_EQ(p->tag, "latest");
  auto d = Reference::Parse(std::string("ghcr.io/o/m@sha256:") + kHex);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->tag.empty());
  EXPECT_EQ(d->WithTag("x").ToString(), "ghcr.io/o/m:x");
}

TEST(ReferenceTest, RejectsInvalidNamesTagsAndDigests) {
  EXPECT_FALSE(Reference::Parse("").ok());
  EXPECT_FALSE(Reference::Parse("127.0.0.1:5000/Upper/case").ok());
  EXPECT_FALSE(Reference::Parse("127.0.0.1:5000/a//b").ok());
  EXPECT_FALSE(Reference::Parse("127.0.0.1:5000/a/b:-bad").ok());
  EXPECT_FALSE(Reference::Parse("127.0.0.1:5000/a/b@sha256:abc").ok());
  EXPECT_FALSE(Reference::Parse("127.0.0.1:5000/a/b:" + std::string(129, 't')).ok());
  EXPECT_FALSE(Reference::Parse("h.io/" + std::string(300, 'a')).ok());
  EXPECT_EQ(Reference::Parse("a/../b").error().code(), Errc::kInvalidArgument);
}

TEST(ReferenceTest, ValidatesNameGrammar) {
  EXPECT_TRUE(IsValidRepositoryName("a/b-c/d__e/f.g"));
  EXPECT_TRUE(IsValidRepositoryName("a---b"));
  EXPECT_FALSE(IsValidRepositoryName("a_-b"));
  EXPECT_FALSE(IsValidRepositoryName("-a"));
  EXPECT_TRUE(IsValidTag("sha256-abc.att"));
  EXPECT_FALSE(IsValidTag(".x"));
}

}  // namespace
}  // namespace attestfs::oci

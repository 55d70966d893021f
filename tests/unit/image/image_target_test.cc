// ParseImageTarget / LooksLikeImageTarget / ToString round trips and refusals.
#include "image/image_target.h"

#include <gtest/gtest.h>

namespace attestfs::image {
namespace {

TEST(ImageTargetTest, ParsesTheFourPrefixes) {
  auto r = ParseImageTarget("registry:127.0.0.1:5000/team/app:v1");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->kind, ImageTarget::Kind::kRegistry);
  EXPECT_EQ(r->location, "127.0.0.1:5000/team/app:v1");
  EXPECT_TRUE(r->tag.empty());

  auto l = ParseImageTarget("oci-layout:/tmp/img:latest");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->kind, ImageTarget::Kind::kOciLayout);
  EXPECT_EQ(l->location, "/tmp/img");
  EXPECT_EQ(l->tag, "latest");

  auto a = ParseImageTarget("oci-archive:img.tar");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kind, ImageTarget::Kind::kOciArchive);
  EXPECT_EQ(a->location, "img.tar");
  EXPECT_TRUE(a->tag.empty());

  auto d = ParseImageTarget("docker-archive:./save.tar");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, ImageTarget::Kind::kDockerArchive);
  EXPECT_EQ(d->location, "./save.tar");
}

TEST(ImageTargetTest, LayoutDigestAndPathsWithColons) {
  std::string dg = "sha256:" + std::string(64, 'a');
  auto r = ParseImageTarget("oci-layout:dir@" + dg);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->location, "dir");
  EXPECT_EQ(r->tag, dg);
  EXPECT_EQ(r->ToString(), "oci-layout:dir@" + dg);
  // A suffix that is no valid tag stays part of the path.
  auto p = ParseImageTarget("oci-layout:a:b/c");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->location, "a:b/c");
  EXPECT_TRUE(p->tag.empty());
}

TEST(ImageTargetTest, RoundTripsThroughToString) {
  for (const char* s : {"registry:ghcr.io/a/b:1", "oci-layout:x:t", "oci-archive:y.tar:v2",
                        "docker-archive:z.tar", "oci-layout:plain"}) {
    auto r = ParseImageTarget(s);
    ASSERT_TRUE(r.ok()) << s;
    EXPECT_EQ(r->ToString(), s);
  }
}

TEST(ImageTargetTest, DefaultSubjectNames) {
  EXPECT_EQ(DefaultSubjectName(*ParseImageTarget("registry:127.0.0.1:5000/team/app:v1")),
            "127.0.0.1:5000/team/app");
  EXPECT_EQ(DefaultSubjectName(*ParseImageTarget("registry:ubuntu")), "docker.io/library/ubuntu");
  EXPECT_EQ(DefaultSubjectName(*ParseImageTarget("oci-layout:/x/img/:v2")), "img:v2");
  EXPECT_EQ(DefaultSubjectName(*ParseImageTarget("docker-archive:/tmp/save.tar")), "save.tar");
}

TEST(ImageTargetTest, RejectsUnknownOrEmpty) {
  EXPECT_FALSE(LooksLikeImageTarget("dir:/models"));
  EXPECT_FALSE(LooksLikeImageTarget("/tmp/x"));
  EXPECT_TRUE(LooksLikeImageTarget("oci-archive:x"));
  EXPECT_FALSE(ParseImageTarget("dir:/x").ok());
  EXPECT_FALSE(ParseImageTarget("registry:").ok());
  EXPECT_FALSE(ParseImageTarget("registry:UPPER/Case").ok());
  EXPECT_FALSE(ParseImageTarget("oci-layout:d@sha256:zz").ok());
  EXPECT_EQ(ParseImageTarget("docker-archive:").error().code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace attestfs::image

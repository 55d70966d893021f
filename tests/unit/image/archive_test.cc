// oci-archive / docker-archive targets built in the test: the synthesised Docker manifest, the
// legacy symlinked layer paths, and the refusals (traversal, links leaving the archive,
// several images, missing manifest.json).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "digest/sha256_hasher.h"
#include "image/image_bom.h"
#include "image/image_check.h"
#include "image/image_inventory.h"
#include "image/opened_image.h"
#include "image_fixture.h"
#include "oci/media_types.h"

namespace attestfs::image {
namespace {

using testing::Compression;
using testing::MakeTar;
using testing::TarEntry;
using testing::TempDir;

class ArchiveTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    std::string p = dir_.path() + "/" + name;
    testing::WriteFile(p, bytes);
    return p;
  }
  Result<std::unique_ptr<OpenedImage>> Open(const std::string& target) {
    auto t = ParseImageTarget(target);
    if (!t.ok()) return t.error();
    return OpenImage(*t, nullptr);
  }
  TempDir dir_;
};

// A docker save style archive: <hex>.json config, <hex>.tar layer, legacy <id>/layer.tar link.
std::string DockerArchive(const std::string& layer_tar, std::string config = "") {
  std::string lhex = digest::Sha256(layer_tar).Hex();
  if (config.empty()) {
    config =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:)" +
        lhex + R"("]}})";
  }
  std::string chex = digest::Sha256(config).Hex();
  std::string manifest = R"([{"Config":")" + chex +
                         R"(.json","RepoTags":["x/y:latest"],"Layers":["legacy/layer.tar"]}])";
  return MakeTar({{chex + ".json", config},
                  {lhex + ".tar", layer_tar},
                  {"legacy/layer.tar", "", TarEntry::Type::kSymlink, "../" + lhex + ".tar"},
                  {"manifest.json", manifest}},
                 Compression::kNone);
}

TEST_F(ArchiveTest, DockerArchiveSynthesisesTheSchema2Manifest) {
  std::string layer = MakeTar({{"etc/hello", "hi\n"}}, Compression::kNone);
  std::string path = Write("d.tar", DockerArchive(layer));
  auto img = Open("docker-archive:" + path);
  ASSERT_TRUE(img.ok()) << img.error().message();
  const OpenedImage& i = **img;
  EXPECT_EQ(i.manifest_descriptor().media_type, oci::kDockerManifest);
  EXPECT_EQ(i.manifest_descriptor().digest, digest::Sha256(i.manifest_bytes()));
  std::string lhex = digest::Sha256(layer).Hex();
  // containers/image's exact bytes (what `skopeo inspect --raw docker-archive:` prints).
  EXPECT_EQ(
      i.manifest_bytes(),
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",)"
      R"("config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":)" +
          std::to_string(i.config_bytes().size()) + R"(,"digest":")" +
          i.config_descriptor().digest.ToString() +
          R"("},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip",)"
          R"("size":)" +
          std::to_string(layer.size()) + R"(,"digest":"sha256:)" + lhex + R"("}]})");
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  ASSERT_EQ(inv->files.size(), 1u);
  EXPECT_EQ(inv->files[0].sha256, digest::Sha256("hi\n"));
  auto st = BuildImageStatement(**img, *inv, "x/y", 0);
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(CheckImageBinding(**img, *st).ok());
}

TEST_F(ArchiveTest, DockerArchiveRefusesConfigOutsideTheArchive) {
  std::string manifest = R"([{"Config":"../../etc/passwd","Layers":[]}])";
  auto img = Open("docker-archive:" +
                  Write("bad.tar", MakeTar({{"manifest.json", manifest}}, Compression::kNone)));
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.error().code(), Errc::kUnsafePath) << img.error().message();
}

TEST_F(ArchiveTest, DockerArchiveRefusesLinksLeavingTheArchive) {
  std::string manifest = R"([{"Config":"c.json","Layers":["l.tar"]}])";
  auto img =
      Open("docker-archive:" +
           Write("bad.tar", MakeTar({{"manifest.json", manifest},
                                     {"c.json", "{}"},
                                     {"l.tar", "", TarEntry::Type::kSymlink, "../../etc/shadow"}},
                                    Compression::kNone)));
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.error().code(), Errc::kUnsafePath) << img.error().message();
}

TEST_F(ArchiveTest, DockerArchiveWithSeveralImagesOrNoManifestIsRefused) {
  std::string two = R"([{"Config":"a","Layers":[]},{"Config":"b","Layers":[]}])";
  auto img = Open("docker-archive:" +
                  Write("two.tar", MakeTar({{"manifest.json", two}}, Compression::kNone)));
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.error().code(), Errc::kUnsupported);
  auto none =
      Open("docker-archive:" + Write("none.tar", MakeTar({{"x", "y"}}, Compression::kNone)));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), Errc::kMalformed);
  auto missing = Open("docker-archive:" + dir_.path() + "/does-not-exist.tar");
  ASSERT_FALSE(missing.ok());
}

TEST_F(ArchiveTest, OciArchiveRefusesTraversingMembers) {
  auto img =
      Open("oci-archive:" + Write("evil.tar", MakeTar({{"oci-layout", "{}"}, {"../evil", "x"}},
                                                      Compression::kNone)));
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.error().code(), Errc::kUnsafePath) << img.error().message();
}

TEST_F(ArchiveTest, OciArchiveFromAHandBuiltLayout) {
  testing::LayoutBuilder b(dir_.path() + "/layout");
  auto m = b.PutImage({testing::MakeLayer({{"models/x.onnx", "onnx"}})});
  b.Tag(m, "v3");
  std::string out;
  std::string archive = dir_.path() + "/o.tar";
  ASSERT_EQ(testing::Run("tar -C '" + dir_.path() + "/layout' -czf '" + archive + "' .", &out), 0)
      << out;
  auto img = Open("oci-archive:" + archive + ":v3");
  ASSERT_TRUE(img.ok()) << img.error().message();
  EXPECT_EQ((*img)->manifest_descriptor().digest, m.digest);
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  ASSERT_EQ(inv->models.size(), 1u);
  EXPECT_EQ(inv->models[0].format, "onnx");
  EXPECT_FALSE(Open("oci-archive:" + archive + ":nope").ok());
}

}  // namespace
}  // namespace attestfs::image

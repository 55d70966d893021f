// ScanImage over hand-built OCI layouts: layer order, whiteouts, opaque directories, dpkg,
// Python and model detection, and the refusals (traversal, tampered layers, unknown layers).
#include <gtest/gtest.h>

#include <algorithm>

#include "digest/sha256_hasher.h"
#include "image/image_inventory.h"
#include "image/opened_image.h"
#include "image_fixture.h"
#include "oci/image_index.h"
#include "oci/media_types.h"

namespace attestfs::image {
namespace {

using testing::Compression;
using testing::LayoutBuilder;
using testing::MakeLayer;
using testing::TarEntry;
using testing::TempDir;

constexpr char kDpkgStatus[] =
    "Package: libfoo1\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: foo (1.2-3)\n"
    "Version: 1.2-3+b1\n"
    "Description: foo library\n"
    " long description line\n"
    "\n"
    "Package: removed-pkg\n"
    "Status: deinstall ok config-files\n"
    "Version: 0.1\n"
    "\n"
    "Package: base-files\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Version: 1:12.4\n";

constexpr char kCopyright[] =
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    "Upstream-Name: foo\n\n"
    "Files: *\nCopyright: 2020 Foo\nLicense: MIT\n\n"
    "Files: debian/*\nLicense: GPL-2+\n This program is free software\n";

constexpr char kFooMetadata[] =
    "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0\nLicense: BSD\n"
    "Classifier: License :: OSI Approved :: BSD License\n\nLong description.\nName: ignored\n";

constexpr char kBarMetadata[] =
    "Metadata-Version: 2.4\nName: bar\nVersion: 2.0\nLicense-Expression: Apache-2.0 OR MIT\n";

std::vector<TarEntry> Layer1() {
  return {
      {"etc", "", TarEntry::Type::kDir},
      {"etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n"},
      {"etc/removed.txt", "gone soon"},
      {"etc/motd", "old motd"},
      {"etc/link", "", TarEntry::Type::kSymlink, "motd"},
      {"var/lib/dpkg/status", kDpkgStatus},
      {"usr/share/doc/libfoo1/copyright", kCopyright},
      {"usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA", kFooMetadata},
      {"models/model.safetensors", std::string(4096, 'w')},
      {"models/small.bin", "tiny"},
      {"models/big.bin", std::string(2 << 20, 'b')},
      {"opaque/a.txt", "a"},
      {"opaque/sub/b.txt", "b"},
      {"usr/bin/tool", "#!/bin/sh\n", TarEntry::Type::kFile, "", 0755},
      {"usr/bin/tool-alias", "", TarEntry::Type::kHardlink, "usr/bin/tool"},
  };
}

std::vector<TarEntry> Layer2() {
  return {
      {"etc/.wh.removed.txt", ""},
      {"etc/motd", "new motd"},
      {"opaque/.wh..wh..opq", ""},
      {"opaque/c.txt", "c"},
      {"usr/local/lib/python3.11/site-packages/bar-2.0.dist-info/METADATA", kBarMetadata},
  };
}

const ImageFile* FindFile(const ImageInventory& inv, const std::string& path) {
  for (const auto& f : inv.files)
    if (f.path == path) return &f;
  return nullptr;
}

class ScanImageTest : public ::testing::Test {
 protected:
  Result<std::unique_ptr<OpenedImage>> Open(const std::string& tag = "v1") {
    return OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path(), tag}, nullptr);
  }
  TempDir dir_;
};

TEST_F(ScanImageTest, AppliesLayersInOrderWithWhiteoutsAndOpaqueDirs) {
  LayoutBuilder b(dir_.path());
  b.Tag(b.PutImage(
            {MakeLayer(Layer1(), Compression::kGzip), MakeLayer(Layer2(), Compression::kZstd)}),
        "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok()) << img.error().message();
  EXPECT_EQ((*img)->platform(), "linux/amd64");
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();

  EXPECT_EQ(FindFile(*inv, "etc/removed.txt"), nullptr) << "whiteout must delete it";
  EXPECT_EQ(FindFile(*inv, "opaque/a.txt"), nullptr) << "opaque dir must hide lower entries";
  EXPECT_EQ(FindFile(*inv, "opaque/sub/b.txt"), nullptr);
  ASSERT_NE(FindFile(*inv, "opaque/c.txt"), nullptr) << "same-layer entries survive .wh..wh..opq";
  const ImageFile* motd = FindFile(*inv, "etc/motd");
  ASSERT_NE(motd, nullptr);
  EXPECT_EQ(motd->sha256, digest::Sha256("new motd"));
  EXPECT_EQ(motd->layer, 1);
  const ImageFile* link = FindFile(*inv, "etc/link");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->type, ImageFile::Type::kSymlink);
  EXPECT_EQ(link->link_target, "motd");
  const ImageFile* tool = FindFile(*inv, "usr/bin/tool");
  ASSERT_NE(tool, nullptr);
  EXPECT_EQ(tool->mode, 0755u);
  const ImageFile* alias = FindFile(*inv, "usr/bin/tool-alias");
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ(alias->sha256, digest::Sha256("#!/bin/sh\n")) << "hard links carry their content";
  EXPECT_TRUE(
      std::is_sorted(inv->files.begin(), inv->files.end(),
                     [](const ImageFile& a, const ImageFile& b) { return a.path < b.path; }));
  EXPECT_EQ(inv->whiteouts, 2u);

  ASSERT_TRUE(inv->os.has_value());
  EXPECT_EQ(inv->os->id, "debian");
  EXPECT_EQ(inv->os->version_id, "12");

  ASSERT_EQ(inv->os_packages.size(), 2u) << "deinstalled packages are not listed";
  EXPECT_EQ(inv->os_packages[0].name, "base-files");
  EXPECT_EQ(inv->os_packages[0].version, "1:12.4");
  EXPECT_EQ(inv->os_packages[1].name, "libfoo1");
  EXPECT_EQ(inv->os_packages[1].arch, "amd64");
  EXPECT_EQ(inv->os_packages[1].source, "foo");
  EXPECT_EQ(inv->os_packages[1].source_version, "1.2-3");
  EXPECT_EQ(inv->os_packages[1].licenses, (std::vector<std::string>{"MIT", "GPL-2+"}));

  ASSERT_EQ(inv->python.size(), 2u);
  auto foo = std::find_if(inv->python.begin(), inv->python.end(),
                          [](const PythonDist& d) { return d.name == "Foo_Bar"; });
  ASSERT_NE(foo, inv->python.end());
  EXPECT_EQ(foo->version, "1.0");
  EXPECT_EQ(foo->license, "BSD");
  EXPECT_EQ(foo->license_classifiers, std::vector<std::string>{"BSD License"});
  auto bar = std::find_if(inv->python.begin(), inv->python.end(),
                          [](const PythonDist& d) { return d.name == "bar"; });
  ASSERT_NE(bar, inv->python.end());
  EXPECT_EQ(bar->license_expression, "Apache-2.0 OR MIT");

  std::vector<std::string> models;
  for (const auto& m : inv->models) models.push_back(m.path + ":" + m.format);
  EXPECT_EQ(models, (std::vector<std::string>{"models/big.bin:bin",
                                              "models/model.safetensors:safetensors"}));
  EXPECT_EQ(inv->models[1].sha256, digest::Sha256(std::string(4096, 'w')));
}

TEST_F(ScanImageTest, ReadsUncompressedLayersAndDistrolessStatusD) {
  LayoutBuilder b(dir_.path());
  b.Tag(b.PutImage(
            {MakeLayer({{"var/lib/dpkg/status.d/tzdata",
                         "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"},
                        {"var/lib/dpkg/status.d/tzdata.md5sums", "abc  usr/x\n"},
                        {"usr/lib/os-release", "ID=debian\nVERSION_ID=12\n"},
                        {"etc/os-release", "", TarEntry::Type::kSymlink, "../usr/lib/os-release"}},
                       Compression::kNone)}),
        "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  ASSERT_EQ(inv->os_packages.size(), 1u);
  EXPECT_EQ(inv->os_packages[0].name, "tzdata");
  EXPECT_EQ(inv->os_packages[0].database, "var/lib/dpkg/status.d/tzdata");
  ASSERT_TRUE(inv->os.has_value()) << "etc/os-release links to usr/lib/os-release";
  EXPECT_EQ(inv->os->version_id, "12");
}

// Go's archive/tar (buildah, skopeo, umoci) writes non-ASCII names as UTF-8 PAX records; the
// scan runs in the C locale and must still see them.
TEST_F(ScanImageTest, ReadsUtf8PaxNamesFromPython) {
  if (!testing::HaveProgram("python3")) GTEST_SKIP() << "python3 is not installed";
  std::string tar = dir_.path() + "/pax.tar";
  std::string out;
  ASSERT_EQ(
      testing::Run("python3 -c \"import tarfile,io,sys\n"
                   "t=tarfile.open(sys.argv[1],'w',format=tarfile.PAX_FORMAT)\n"
                   "d=b'weights'\n"
                   "i=tarfile.TarInfo('mod\\u00e8le/\\u6a21\\u578b.safetensors');i.size=len(d)\n"
                   "t.addfile(i,io.BytesIO(d));t.close()\" '" +
                       tar + "'",
                   &out),
      0)
      << out;
  LayoutBuilder b(dir_.path() + "/l");
  testing::Layer l{testing::ReadFile(tar), std::string(oci::kOciLayerTar), ""};
  b.Tag(b.PutImage({l}), "v1");
  auto img =
      OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path() + "/l", "v1"}, nullptr);
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  ASSERT_EQ(inv->files.size(), 1u);
  EXPECT_EQ(inv->files[0].path, "mod\xc3\xa8le/\xe6\xa8\xa1\xe5\x9e\x8b.safetensors");
  ASSERT_EQ(inv->models.size(), 1u);
}

// A 10 KiB layer holding a GNU-tar sparse file of 300 GiB must be refused by its declared size,
// not hashed for hours.
TEST_F(ScanImageTest, RefusesSparseEntriesOverTheContentLimit) {
  if (!testing::HaveProgram("tar") || !testing::HaveProgram("truncate"))
    GTEST_SKIP() << "GNU tar / truncate missing";
  std::string work = dir_.path() + "/sparse";
  std::string out;
  ASSERT_EQ(testing::Run("mkdir -p '" + work + "' && cd '" + work +
                             "' && truncate -s 300G huge && echo x >> huge && "
                             "tar --sparse --format=pax -cf ../sparse.tar huge && rm -f huge",
                         &out),
            0)
      << out;
  std::string tar = testing::ReadFile(dir_.path() + "/sparse.tar");
  ASSERT_LT(tar.size(), 1u << 20);
  LayoutBuilder b(dir_.path() + "/l");
  b.Tag(b.PutImage({testing::Layer{tar, std::string(oci::kOciLayerTar), ""}}), "v1");
  auto img =
      OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path() + "/l", "v1"}, nullptr);
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code(), Errc::kTooLarge) << inv.error().message();
}

TEST_F(ScanImageTest, HashesSparseFilesAsTheirFullContent) {
  if (!testing::HaveProgram("tar") || !testing::HaveProgram("truncate"))
    GTEST_SKIP() << "GNU tar / truncate missing";
  std::string work = dir_.path() + "/sparse";
  std::string out;
  ASSERT_EQ(testing::Run("mkdir -p '" + work + "' && cd '" + work +
                             "' && truncate -s 5M holes && echo x >> holes && truncate -s 7M holes"
                             " && tar --sparse --format=pax -cf ../sparse.tar holes",
                         &out),
            0)
      << out;
  LayoutBuilder b(dir_.path() + "/l");
  b.Tag(b.PutImage({testing::Layer{testing::ReadFile(dir_.path() + "/sparse.tar"),
                                   std::string(oci::kOciLayerTar), ""}}),
        "v1");
  auto img =
      OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path() + "/l", "v1"}, nullptr);
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  ASSERT_EQ(inv->files.size(), 1u);
  std::string content = std::string(5 << 20, '\0') + "x\n";
  content.resize(7 << 20, '\0');
  EXPECT_EQ(inv->files[0].size, content.size());
  EXPECT_EQ(inv->files[0].sha256, digest::Sha256(content));
}

TEST_F(ScanImageTest, RefusesPathTraversalInLayerEntries) {
  LayoutBuilder b(dir_.path());
  auto layer = MakeLayer({{"ok.txt", "fine"}, {"../../etc/x", "evil"}});
  b.Tag(b.PutImage({layer}), "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code(), Errc::kUnsafePath);
  EXPECT_NE(inv.error().message().find(digest::Sha256(layer.bytes).ToString()), std::string::npos)
      << inv.error().message();
}

TEST_F(ScanImageTest, TamperedLayerFailsNamingItsDigest) {
  LayoutBuilder b(dir_.path());
  auto layer1 = MakeLayer(Layer1());
  auto layer2 = MakeLayer(Layer2(), Compression::kNone);
  b.Tag(b.PutImage({layer1, layer2}), "v1");
  std::string d2 = digest::Sha256(layer2.bytes).ToString();
  std::string path = dir_.path() + "/blobs/sha256/" + d2.substr(7);
  std::string bytes = testing::ReadFile(path);
  bytes[700] ^= 0x20;  // same size, different content (inside file data)
  testing::WriteFile(path, bytes);

  auto img = Open();
  ASSERT_TRUE(img.ok()) << "same-size tampering is found by hashing, not at open";
  auto inv = ScanImage(**img);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(inv.error().message().find(d2), std::string::npos) << inv.error().message();

  testing::WriteFile(path, bytes + "appended");
  auto img2 = Open();
  ASSERT_FALSE(img2.ok());
  EXPECT_EQ(img2.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(img2.error().message().find(d2), std::string::npos) << img2.error().message();
}

TEST_F(ScanImageTest, TamperedConfigFailsAtOpen) {
  LayoutBuilder b(dir_.path());
  auto m = b.PutImage({MakeLayer(Layer2())});
  b.Tag(m, "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok());
  std::string cfg = (*img)->config_descriptor().digest.Hex();
  std::string bytes = testing::ReadFile(dir_.path() + "/blobs/sha256/" + cfg);
  bytes[2] = bytes[2] == 'a' ? 'b' : 'a';
  testing::WriteFile(dir_.path() + "/blobs/sha256/" + cfg, bytes);
  auto again = Open();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(again.error().message().find(cfg), std::string::npos);
}

TEST_F(ScanImageTest, RefusesNonTarLayers) {
  LayoutBuilder b(dir_.path());
  testing::Layer l{"just bytes", "application/vnd.cncf.model.weight.v1.raw", ""};
  b.Tag(b.PutImage({l}), "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto inv = ScanImage(**img);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code(), Errc::kUnsupported);
}

TEST_F(ScanImageTest, AcceptsDockerSchema2Manifests) {
  LayoutBuilder b(dir_.path());
  auto m = b.PutImage({MakeLayer(Layer1())}, "amd64", /*docker_types=*/true);
  b.Tag(m, "v1");
  auto img = Open();
  ASSERT_TRUE(img.ok()) << img.error().message();
  EXPECT_EQ((*img)->manifest_descriptor().media_type, oci::kDockerManifest);
  EXPECT_EQ((*img)->manifest_descriptor().digest, m.digest);
  auto inv = ScanImage(**img);
  ASSERT_TRUE(inv.ok()) << inv.error().message();
  EXPECT_NE(FindFile(*inv, "etc/motd"), nullptr);
}

TEST_F(ScanImageTest, PicksPlatformFromIndex) {
  LayoutBuilder b(dir_.path());
  auto amd = b.PutImage({MakeLayer({{"arch", "amd64"}})}, "amd64");
  auto arm = b.PutImage({MakeLayer({{"arch", "arm64"}})}, "arm64");
  amd.platform_json = R"({"architecture":"amd64","os":"linux"})";
  arm.platform_json = R"({"architecture":"arm64","os":"linux"})";
  oci::ImageIndex idx;
  idx.media_type = std::string(oci::kOciIndex);
  idx.manifests = {arm, amd};
  auto index_desc = b.PutBlob(std::string(oci::kOciIndex), idx.Serialize());
  b.Tag(index_desc, "multi");

  auto img = Open("multi");
  ASSERT_TRUE(img.ok()) << img.error().message();
  EXPECT_EQ((*img)->manifest_descriptor().digest, amd.digest);
  auto by_digest = Open(arm.digest.ToString());
  ASSERT_TRUE(by_digest.ok()) << "a platform manifest below the index, named by digest: "
                              << by_digest.error().message();
  EXPECT_EQ((*by_digest)->manifest_descriptor().digest, arm.digest);
  EXPECT_FALSE(Open("sha256:" + std::string(64, '0')).ok());
  OpenOptions arm_opts;
  arm_opts.platform = "linux/arm64";
  auto img2 = OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path(), "multi"}, nullptr,
                        arm_opts);
  ASSERT_TRUE(img2.ok()) << img2.error().message();
  EXPECT_EQ((*img2)->manifest_descriptor().digest, arm.digest);
  OpenOptions s390;
  s390.platform = "linux/s390x";
  auto none =
      OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path(), "multi"}, nullptr, s390);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), Errc::kNotFound);
}

TEST_F(ScanImageTest, RefusesManifestsOver4MiB) {
  LayoutBuilder b(dir_.path());
  std::string huge = R"({"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:)" +
                     std::string(64, '0') + R"(","size":1},"layers":[],"pad":")" +
                     std::string(5 << 20, 'x') + "\"}";
  b.Tag(b.PutBlob(std::string(oci::kOciManifest), huge), "v1");
  auto img = Open();
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.error().code(), Errc::kTooLarge) << img.error().message();
}

TEST_F(ScanImageTest, NeedsATagWhenTheLayoutHoldsSeveralImages) {
  LayoutBuilder b(dir_.path());
  b.Tag(b.PutImage({MakeLayer({{"a", "1"}})}), "one");
  b.Tag(b.PutImage({MakeLayer({{"b", "2"}})}), "two");
  auto img = Open("");
  ASSERT_FALSE(img.ok());
  EXPECT_NE(img.error().message().find("one, two"), std::string::npos) << img.error().message();
  EXPECT_TRUE(Open("two").ok());
  EXPECT_FALSE(Open("three").ok());
}

}  // namespace
}  // namespace attestfs::image

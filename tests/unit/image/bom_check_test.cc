// BuildImageStatement (CycloneDX 1.6 content, purls, subject) and CheckImageBinding (subject,
// layer re-verification, BOM layer list), plus validation by the CycloneDX project's validator.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "digest/sha256_hasher.h"
#include "image/image_bom.h"
#include "image/image_check.h"
#include "image/image_inventory.h"
#include "image/opened_image.h"
#include "image_fixture.h"

namespace attestfs::image {
namespace {

using testing::LayoutBuilder;
using testing::MakeLayer;
using testing::TarEntry;
using testing::TempDir;
using Json = nlohmann::json;

constexpr int64_t kCreated = 1767225600;  // 2026-01-01T00:00:00Z

std::vector<TarEntry> Rootfs() {
  return {
      {"etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n"},
      {"var/lib/dpkg/status",
       "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
       "2.36-9+deb12u4\n\n"
       "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:12.4\n"},
      {"usr/lib/python3/site-packages/foo-1.0.dist-info/METADATA",
       "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nLicense: MIT\n"},
      {"usr/lib/python3/site-packages/bar-2.0.dist-info/METADATA",
       "Name: Bar_Pkg\nVersion: 2.0\nLicense-Expression: Apache-2.0\n"},
      {"srv/model.safetensors", std::string(1000, 'm')},
      {"srv/model.onnx", "onnx"},
      {"bin/sh", "ELF", TarEntry::Type::kFile, "", 0755},
      {"bin/bash", "", TarEntry::Type::kSymlink, "sh"},
  };
}

class ImageBomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LayoutBuilder b(dir_.path());
    layer1_ = MakeLayer(Rootfs());
    layer2_ = MakeLayer({{"srv/.wh.model.onnx", ""}, {"app/run.py", "print(1)\n"}});
    manifest_ = b.PutImage({layer1_, layer2_});
    b.Tag(manifest_, "v1");
    auto img = OpenImage(ImageTarget{ImageTarget::Kind::kOciLayout, dir_.path(), "v1"}, nullptr);
    ASSERT_TRUE(img.ok()) << img.error().message();
    img_ = std::move(*img);
    auto inv = ScanImage(*img_);
    ASSERT_TRUE(inv.ok()) << inv.error().message();
    inv_ = std::move(*inv);
  }

  attestation::Statement Statement() {
    auto st = BuildImageStatement(*img_, inv_, "example/app", kCreated);
    EXPECT_TRUE(st.ok());
    return *st;
  }

  TempDir dir_;
  testing::Layer layer1_, layer2_;
  oci::Descriptor manifest_;
  std::unique_ptr<OpenedImage> img_;
  ImageInventory inv_;
};

const Json* ByRef(const Json& comps, const std::string& ref) {
  for (const auto& c : comps)
    if (c.value("bom-ref", "") == ref) return &c;
  return nullptr;
}

TEST_F(ImageBomTest, StatementBindsTheManifestDigestAndListsEverything) {
  attestation::Statement st = Statement();
  ASSERT_EQ(st.subjects.size(), 1u);
  EXPECT_EQ(st.subjects[0].name, "example/app");
  EXPECT_EQ(st.subjects[0].digest.at("sha256"), manifest_.digest.Hex());
  EXPECT_EQ(st.subjects[0].annotations.at(std::string(attestation::kCreatedAnnotation)),
            "2026-01-01T00:00:00Z");
  EXPECT_EQ(st.predicate_type, "https://cyclonedx.org/bom");
  auto round = attestation::Statement::Parse(st.Serialize());
  ASSERT_TRUE(round.ok()) << round.error().message();

  Json bom = Json::parse(st.predicate_json);
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
  const Json& subject = bom["metadata"]["component"];
  EXPECT_EQ(subject["type"], "container");
  EXPECT_EQ(subject["version"], manifest_.digest.ToString());
  const Json& comps = bom["components"];

  const Json* os = ByRef(comps, "os:debian@12");
  ASSERT_NE(os, nullptr);
  EXPECT_EQ((*os)["type"], "operating-system");

  const Json* cfg = ByRef(comps, "oci-config:" + img_->config_descriptor().digest.ToString());
  ASSERT_NE(cfg, nullptr);
  EXPECT_EQ((*cfg)["hashes"][0]["content"], img_->config_descriptor().digest.Hex());
  std::string l2 = digest::Sha256(layer2_.bytes).ToString();
  const Json* layer = ByRef(comps, "oci-layer:1:" + l2);
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ((*layer)["name"], l2);

  const Json* libc =
      ByRef(comps, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  ASSERT_NE(libc, nullptr) << comps.dump(1);
  EXPECT_EQ((*libc)["type"], "library");
  EXPECT_NE(ByRef(comps, "pkg:deb/debian/base-files@1%3A12.4?arch=amd64&distro=debian-12"),
            nullptr);

  const Json* bar = ByRef(comps, "python:usr/lib/python3/site-packages/bar-2.0.dist-info/METADATA");
  ASSERT_NE(bar, nullptr);
  EXPECT_EQ((*bar)["purl"], "pkg:pypi/bar-pkg@2.0");
  EXPECT_EQ((*bar)["licenses"][0]["expression"], "Apache-2.0");
  const Json* foo = ByRef(comps, "python:usr/lib/python3/site-packages/foo-1.0.dist-info/METADATA");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ((*foo)["licenses"][0]["license"]["name"], "MIT");

  const Json* model = ByRef(comps, "model:srv/model.safetensors");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ((*model)["type"], "machine-learning-model");
  EXPECT_EQ((*model)["hashes"][0]["content"], digest::Sha256(std::string(1000, 'm')).Hex());
  EXPECT_EQ(ByRef(comps, "model:srv/model.onnx"), nullptr) << "whited out in layer 2";

  const Json* sh = ByRef(comps, "file:bin/sh");
  ASSERT_NE(sh, nullptr);
  EXPECT_EQ((*sh)["hashes"][0]["content"], digest::Sha256("ELF").Hex());
  ASSERT_NE(ByRef(comps, "file:bin/bash"), nullptr);
  EXPECT_NE(ByRef(comps, "file:app/run.py"), nullptr);
  size_t files = 0;
  for (const auto& c : comps) files += c["type"] == "file";
  EXPECT_EQ(files, inv_.files.size());
}

TEST_F(ImageBomTest, CheckBindingAcceptsTheImageItDescribes) {
  Status s = CheckImageBinding(*img_, Statement());
  EXPECT_TRUE(s.ok()) << s.error().message();
}

TEST_F(ImageBomTest, CheckBindingRejectsAnotherDigest) {
  attestation::Statement st = Statement();
  st.subjects[0].digest["sha256"] = std::string(64, 'e');
  Status s = CheckImageBinding(*img_, st);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(s.error().message().find(manifest_.digest.ToString()), std::string::npos);
}

TEST_F(ImageBomTest, CheckBindingNamesATamperedLayer) {
  attestation::Statement st = Statement();
  std::string hex = digest::Sha256(layer2_.bytes).Hex();
  std::string path = dir_.path() + "/blobs/sha256/" + hex;
  std::string bytes = testing::ReadFile(path);
  bytes[bytes.size() / 2] ^= 1;
  testing::WriteFile(path, bytes);
  Status s = CheckImageBinding(*img_, st);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(s.error().message().find("sha256:" + hex), std::string::npos) << s.error().message();
  EXPECT_NE(s.error().message().find("layer 2/2"), std::string::npos) << s.error().message();
}

TEST_F(ImageBomTest, CheckBindingRejectsABomListingOtherLayers) {
  attestation::Statement st = Statement();
  Json bom = Json::parse(st.predicate_json);
  for (auto& c : bom["components"]) {
    if (c.value("bom-ref", "").rfind("oci-layer:1:", 0) == 0)
      c["name"] = "sha256:" + std::string(64, '1');
  }
  st.predicate_json = bom.dump();
  Status s = CheckImageBinding(*img_, st);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), Errc::kVerificationFailed);
}

TEST(ImagePurlTest, EncodesVersionsAndNormalisesNames) {
  OsPackage p{"libstdc++6", "1:12.2.0-14", "amd64", "", "", {}, ""};
  EXPECT_EQ(DebPurl(p, std::nullopt), "pkg:deb/debian/libstdc%2B%2B6@1%3A12.2.0-14?arch=amd64");
  OsRelease ubuntu{"ubuntu", "22.04", "", "", ""};
  EXPECT_EQ(DebPurl(p, ubuntu),
            "pkg:deb/ubuntu/libstdc%2B%2B6@1%3A12.2.0-14?arch=amd64&distro=ubuntu-22.04");
  PythonDist d;
  d.name = "Zope.Interface_X";
  d.version = "5.0+local";
  EXPECT_EQ(PypiPurl(d), "pkg:pypi/zope-interface-x@5.0%2Blocal");
}

// The CycloneDX project's strict JSON-schema validator (tests/interop/cdx-validate.js).
TEST_F(ImageBomTest, BomPassesTheCycloneDxValidator) {
  namespace fs = std::filesystem;
  fs::path interop = fs::path(ATTESTFS_SOURCE_DIR) / "tests" / "interop";
  bool required = std::getenv("ATTESTFS_REQUIRE_INTEROP") &&
                  std::string(std::getenv("ATTESTFS_REQUIRE_INTEROP")) == "1";
  std::string why;
  if (!fs::exists(interop / "node_modules" / "@cyclonedx" / "cyclonedx-library"))
    why = "tests/interop/node_modules is missing (npm ci in tests/interop)";
  else if (!testing::HaveProgram("node"))
    why = "node is not installed";
  if (!why.empty()) {
    if (required) FAIL() << why;
    GTEST_SKIP() << why;
  }
  std::string file = dir_.path() + "/bom.json";
  testing::WriteFile(file, Statement().predicate_json);
  std::string out;
  int rc =
      testing::Run("node '" + (interop / "cdx-validate.js").string() + "' '" + file + "'", &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("VALID"), std::string::npos) << out;
  // The validator really checks: a broken hash must fail it.
  Json bom = Json::parse(Statement().predicate_json);
  bom["components"][1]["hashes"][0]["content"] = "xyz";
  testing::WriteFile(file, bom.dump());
  EXPECT_EQ(
      testing::Run("node '" + (interop / "cdx-validate.js").string() + "' '" + file + "'", &out), 1)
      << out;
}

}  // namespace
}  // namespace attestfs::image

// Interop with real image tools: OCI layouts written by umoci and skopeo (gzip and zstd),
// oci-archive and docker-archive files written by skopeo, an image built by buildah (vfs,
// FROM scratch), and the real docker-registry (tests/integration/registry/run-registry.sh).
// Each test skips with the reason when its tool is missing (fails with ATTESTFS_REQUIRE_INTEROP=1).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "digest/sha256_hasher.h"
#include "image/image_bom.h"
#include "image/image_check.h"
#include "image/image_inventory.h"
#include "image/opened_image.h"
#include "image_fixture.h"
#include "oci/http/curl_http_client.h"
#include "oci/image_index.h"
#include "oci/media_types.h"
#include "oci/registry_client.h"

namespace attestfs::image {
namespace {

namespace fs = std::filesystem;
using testing::HaveProgram;
int Sh(const std::string& cmd, std::string* out = nullptr) { return testing::Run(cmd, out); }

bool Required() {
  const char* r = std::getenv("ATTESTFS_REQUIRE_INTEROP");
  return r && std::string(r) == "1";
}

#define SKIP_WITHOUT(prog)                                                      \
  do {                                                                          \
    if (!HaveProgram(prog)) {                                                   \
      if (Required()) FAIL() << prog " is required (ATTESTFS_REQUIRE_INTEROP)"; \
      GTEST_SKIP() << prog " is not installed";                                 \
    }                                                                           \
  } while (0)

const ImageFile* FindFile(const ImageInventory& inv, const std::string& path) {
  for (const auto& f : inv.files)
    if (f.path == path) return &f;
  return nullptr;
}

// sha256 of `skopeo inspect --raw TRANSPORT` (the manifest skopeo sees).
std::string SkopeoManifestDigest(const std::string& transport) {
  std::string out;
  if (Sh("skopeo inspect --raw " + transport, &out) != 0) return "skopeo failed: " + out;
  return digest::Sha256(out).ToString();
}

// One umoci image shared by the tests: layer 1 writes a small Debian-like rootfs, layer 2
// deletes a file (umoci writes the whiteout) and adds a model.
class ImagePeersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!HaveProgram("umoci")) return;
    dir_ = new testing::TempDir();
    std::string d = dir_->path();
    std::string out;
    std::string bundle = d + "/bundle";
    int rc = Sh("cd '" + d + "' && umoci init --layout layout && umoci new --image layout:latest" +
                    " && umoci unpack --image layout:latest bundle",
                &out);
    if (rc != 0) {
      setup_error_ = "umoci: " + out;
      return;
    }
    std::string root = bundle + "/rootfs";
    fs::create_directories(root + "/etc");
    fs::create_directories(root + "/var/lib/dpkg");
    fs::create_directories(root + "/usr/lib/python3/dist-packages/foo-1.0.dist-info");
    testing::WriteFile(root + "/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    testing::WriteFile(root + "/etc/doomed.txt", "delete me\n");
    testing::WriteFile(root + "/var/lib/dpkg/status",
                       "Package: hello\nStatus: install ok installed\nArchitecture: amd64\n"
                       "Version: 2.10-3\n");
    testing::WriteFile(root + "/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA",
                       "Name: foo\nVersion: 1.0\nLicense: MIT\n");
    testing::WriteFile(root + "/hello.txt", "hello from umoci\n");
    rc = Sh("cd '" + d + "' && umoci repack --image layout:latest bundle && rm -rf bundle" +
                " && umoci unpack --image layout:latest bundle",
            &out);
    if (rc != 0) {
      setup_error_ = "umoci: " + out;
      return;
    }
    fs::remove(root + "/etc/doomed.txt");
    fs::create_directories(root + "/models");
    testing::WriteFile(root + "/models/model.safetensors", std::string(3000, 's'));
    rc = Sh(
        "cd '" + d + "' && umoci repack --image layout:latest bundle && umoci gc --layout layout",
        &out);
    if (rc != 0) setup_error_ = "umoci: " + out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!HaveProgram("umoci")) {
      if (Required()) FAIL() << "umoci is required";
      GTEST_SKIP() << "umoci is not installed";
    }
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
  }
  static std::string Layout() { return dir_->path() + "/layout"; }

  // Opens, scans and checks the image; returns the inventory.
  static ImageInventory OpenScanCheck(const std::string& target, oci::RegistryClient* reg,
                                      std::string* manifest_digest) {
    auto t = ParseImageTarget(target);
    EXPECT_TRUE(t.ok());
    auto img = OpenImage(*t, reg);
    EXPECT_TRUE(img.ok()) << target << ": " << img.error().message();
    if (!img.ok()) return {};
    *manifest_digest = (*img)->manifest_descriptor().digest.ToString();
    auto inv = ScanImage(**img);
    EXPECT_TRUE(inv.ok()) << target << ": " << inv.error().message();
    if (!inv.ok()) return {};
    auto st = BuildImageStatement(**img, *inv, target, 1767225600);
    EXPECT_TRUE(st.ok());
    Status s = CheckImageBinding(**img, *st);
    EXPECT_TRUE(s.ok()) << target << ": " << s.error().message();
    return std::move(*inv);
  }

  static void ExpectUmociContent(const ImageInventory& inv) {
    EXPECT_EQ(FindFile(inv, "etc/doomed.txt"), nullptr) << "umoci's whiteout must apply";
    const ImageFile* hello = FindFile(inv, "hello.txt");
    ASSERT_NE(hello, nullptr);
    EXPECT_EQ(hello->sha256, digest::Sha256("hello from umoci\n"));
    ASSERT_EQ(inv.os_packages.size(), 1u);
    EXPECT_EQ(inv.os_packages[0].name, "hello");
    ASSERT_EQ(inv.python.size(), 1u);
    ASSERT_EQ(inv.models.size(), 1u);
    EXPECT_EQ(inv.models[0].path, "models/model.safetensors");
  }

  static testing::TempDir* dir_;
  static std::string setup_error_;
};
testing::TempDir* ImagePeersTest::dir_ = nullptr;
std::string ImagePeersTest::setup_error_;

TEST_F(ImagePeersTest, UmociLayoutWithWhiteout) {
  std::string dg;
  ImageInventory inv = OpenScanCheck("oci-layout:" + Layout() + ":latest", nullptr, &dg);
  ExpectUmociContent(inv);
  EXPECT_GE(inv.whiteouts, 1u);
  if (HaveProgram("skopeo")) {
    EXPECT_EQ(dg, SkopeoManifestDigest("oci:" + Layout() + ":latest"));
  }
}

TEST_F(ImagePeersTest, SkopeoOciArchiveAndZstdLayout) {
  SKIP_WITHOUT("skopeo");
  std::string out;
  std::string archive = dir_->path() + "/img-oci.tar";
  ASSERT_EQ(Sh("skopeo copy oci:" + Layout() + ":latest oci-archive:" + archive + ":v1", &out), 0)
      << out;
  std::string dg;
  ExpectUmociContent(OpenScanCheck("oci-archive:" + archive, nullptr, &dg));
  EXPECT_EQ(dg, SkopeoManifestDigest("oci-archive:" + archive));
  ExpectUmociContent(OpenScanCheck("oci-archive:" + archive + ":v1", nullptr, &dg));

  std::string zstd = dir_->path() + "/zstd-layout";
  ASSERT_EQ(Sh("skopeo copy --dest-compress --dest-compress-format zstd oci:" + Layout() +
                   ":latest oci:" + zstd + ":latest",
               &out),
            0)
      << out;
  auto t = ParseImageTarget("oci-layout:" + zstd + ":latest");
  auto img = OpenImage(*t, nullptr);
  ASSERT_TRUE(img.ok()) << img.error().message();
  ASSERT_FALSE((*img)->layers().empty());
  EXPECT_EQ((*img)->layers()[0].media_type, "application/vnd.oci.image.layer.v1.tar+zstd");
  ExpectUmociContent(OpenScanCheck("oci-layout:" + zstd + ":latest", nullptr, &dg));
}

TEST_F(ImagePeersTest, SkopeoDockerArchiveDigestMatchesSkopeo) {
  SKIP_WITHOUT("skopeo");
  std::string out;
  std::string archive = dir_->path() + "/img-docker.tar";
  ASSERT_EQ(Sh("skopeo copy oci:" + Layout() + ":latest docker-archive:" + archive +
                   ":example/app:latest",
               &out),
            0)
      << out;
  std::string dg;
  ExpectUmociContent(OpenScanCheck("docker-archive:" + archive, nullptr, &dg));
  EXPECT_EQ(dg, SkopeoManifestDigest("docker-archive:" + archive));
}

TEST_F(ImagePeersTest, TamperedArchiveLayerIsNamed) {
  SKIP_WITHOUT("skopeo");
  std::string out;
  std::string layout = dir_->path() + "/tamper-layout";
  ASSERT_EQ(Sh("skopeo copy oci:" + Layout() + ":latest oci:" + layout + ":latest", &out), 0)
      << out;
  auto img = OpenImage(*ParseImageTarget("oci-layout:" + layout + ":latest"), nullptr);
  ASSERT_TRUE(img.ok());
  std::string hex = (*img)->layers()[0].digest.Hex();
  std::string path = layout + "/blobs/sha256/" + hex;
  std::string bytes = testing::ReadFile(path);
  bytes[bytes.size() - 3] ^= 0x55;
  testing::WriteFile(path, bytes);
  std::string archive = dir_->path() + "/tampered.tar";
  ASSERT_EQ(Sh("tar -C '" + layout + "' -cf '" + archive + "' .", &out), 0) << out;
  auto opened = OpenImage(*ParseImageTarget("oci-archive:" + archive), nullptr);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  auto inv = ScanImage(**opened);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code(), Errc::kVerificationFailed);
  EXPECT_NE(inv.error().message().find(hex), std::string::npos) << inv.error().message();
}

TEST_F(ImagePeersTest, BuildahVfsScratchImage) {
  SKIP_WITHOUT("buildah");
  std::string d = dir_->path() + "/buildah";
  fs::create_directories(d + "/ctx");
  testing::WriteFile(d + "/ctx/hello.txt", "hello from buildah\n");
  testing::WriteFile(d + "/ctx/tiny.gguf", "GGUF fake weights");
  testing::WriteFile(d + "/ctx/Containerfile",
                     "FROM scratch\nCOPY hello.txt /hello.txt\nCOPY tiny.gguf /models/tiny.gguf\n");
  std::string b = "buildah --storage-driver vfs --root '" + d + "/root' --runroot '" + d + "/run'";
  std::string out;
  ASSERT_EQ(Sh(b + " bud --format oci -f '" + d +
                   "/ctx/Containerfile' -t localhost/afs-tiny:latest '" + d + "/ctx'",
               &out),
            0)
      << out;
  ASSERT_EQ(Sh(b + " push localhost/afs-tiny:latest oci:" + d + "/out:latest", &out), 0) << out;
  Sh(b + " rmi -a -f >/dev/null");
  std::string dg;
  ImageInventory inv = OpenScanCheck("oci-layout:" + d + "/out:latest", nullptr, &dg);
  const ImageFile* hello = FindFile(inv, "hello.txt");
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->sha256, digest::Sha256("hello from buildah\n"));
  ASSERT_EQ(inv.models.size(), 1u);
  EXPECT_EQ(inv.models[0].format, "gguf");
}

// The real docker-registry, started with run-registry.sh and stopped by the PIDs it prints.
class RegistryProcess {
 public:
  explicit RegistryProcess(const std::string& work) : work_(work) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    port_ = ntohs(a.sin_port);
    std::string script =
        std::string(ATTESTFS_SOURCE_DIR) + "/tests/integration/registry/run-registry.sh";
    std::string out;
    Sh("sh '" + script + "' plain '" + work + "' " + std::to_string(port_) + " 2>/dev/null", &out);
    std::istringstream in(out);
    for (pid_t p; in >> p;) pids_.push_back(p);
  }
  ~RegistryProcess() {
    for (pid_t p : pids_) ::kill(p, SIGTERM);
    for (pid_t p : pids_) {
      for (int i = 0; i < 100 && ::kill(p, 0) == 0; ++i) ::usleep(50000);
      if (::kill(p, 0) == 0) ::kill(p, SIGKILL);
    }
  }
  bool ok() const { return !pids_.empty(); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string BlobData(const std::string& hex) const {
    return work_ + "/data/docker/registry/v2/blobs/sha256/" + hex.substr(0, 2) + "/" + hex +
           "/data";
  }

 private:
  std::string work_;
  int port_ = 0;
  std::vector<pid_t> pids_;
};

TEST_F(ImagePeersTest, RegistryImagePushedBySkopeo) {
  SKIP_WITHOUT("skopeo");
  SKIP_WITHOUT("docker-registry");
  RegistryProcess reg(dir_->path() + "/registry");
  ASSERT_TRUE(reg.ok()) << "docker-registry did not start";
  std::string out;
  ASSERT_EQ(Sh("skopeo copy --dest-tls-verify=false oci:" + Layout() + ":latest docker://" +
                   reg.host() + "/team/app:v1",
               &out),
            0)
      << out;
  oci::http::CurlHttpClient http;
  oci::RegistryOptions ro;
  ro.plain_http = true;
  oci::RegistryClient client(http, nullptr, ro);
  std::string dg;
  std::string target = "registry:" + reg.host() + "/team/app:v1";
  ExpectUmociContent(OpenScanCheck(target, &client, &dg));
  EXPECT_EQ(dg, SkopeoManifestDigest("--tls-verify=false docker://" + reg.host() + "/team/app:v1"));

  // A multi-platform index pushed with skopeo --all: the linux/amd64 manifest is picked.
  {
    testing::LayoutBuilder b(dir_->path() + "/multi");
    auto amd = b.PutImage({testing::MakeLayer({{"arch.txt", "amd64"}})}, "amd64");
    auto arm = b.PutImage({testing::MakeLayer({{"arch.txt", "arm64"}})}, "arm64");
    amd.platform_json = R"({"architecture":"amd64","os":"linux"})";
    arm.platform_json = R"({"architecture":"arm64","os":"linux"})";
    oci::ImageIndex idx;
    idx.media_type = std::string(oci::kOciIndex);
    idx.manifests = {arm, amd};
    b.Tag(b.PutBlob(std::string(oci::kOciIndex), idx.Serialize()), "multi");
    ASSERT_EQ(Sh("skopeo copy --all --dest-tls-verify=false oci:" + dir_->path() +
                     "/multi:multi docker://" + reg.host() + "/team/multi:v1",
                 &out),
              0)
        << out;
    auto multi = OpenImage(*ParseImageTarget("registry:" + reg.host() + "/team/multi:v1"), &client);
    ASSERT_TRUE(multi.ok()) << multi.error().message();
    EXPECT_EQ((*multi)->manifest_descriptor().digest, amd.digest);
    EXPECT_EQ((*multi)->platform(), "linux/amd64");
    auto minv = ScanImage(**multi);
    ASSERT_TRUE(minv.ok()) << minv.error().message();
    ASSERT_EQ(minv->files.size(), 1u);
    EXPECT_EQ(minv->files[0].sha256, digest::Sha256("amd64"));
  }

  // A layer changed in the registry's storage: verification must name it.
  auto img = OpenImage(*ParseImageTarget(target), &client);
  ASSERT_TRUE(img.ok()) << img.error().message();
  auto st = BuildImageStatement(**img, ImageInventory{}, "app", 1767225600);
  ASSERT_TRUE(st.ok());
  std::string hex = (*img)->layers().back().digest.Hex();
  std::string data = testing::ReadFile(reg.BlobData(hex));
  ASSERT_FALSE(data.empty());
  data[data.size() / 2] ^= 0x01;
  testing::WriteFile(reg.BlobData(hex), data);
  Status s = CheckImageBinding(**img, *st);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find(hex), std::string::npos) << s.error().message();
  EXPECT_FALSE(ScanImage(**img).ok());
}

}  // namespace
}  // namespace attestfs::image

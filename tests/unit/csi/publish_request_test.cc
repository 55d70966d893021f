// PlanMount: required fields, access modes, attribute validation and the secrets directory.
#include "csi/publish_request.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "base/temp_dir.h"

namespace attestfs::csi {
namespace {

class PlanMountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = TempDir::Create("csi-plan");
    ASSERT_TRUE(d.ok());
    dir_ = std::make_unique<TempDir>(std::move(*d));
    secrets_ = dir_->path() + "/secrets";
    ::mkdir(secrets_.c_str(), 0700);
    ::mkdir((secrets_ + "/trust").c_str(), 0700);
    std::ofstream(secrets_ + "/trust/release.pub") << "pem";
    std::ofstream(secrets_ + "/trust/b.pub") << "pem";
    std::ofstream(dir_->path() + "/outside.pub") << "pem";
    ::symlink((dir_->path() + "/outside.pub").c_str(), (secrets_ + "/trust/out.pub").c_str());
    config_.secrets_dir = secrets_;
    config_.cache_dir = "/var/cache/attestfs-csi";
  }
  PublishRequest Request() {
    PublishRequest r;
    r.volume_id = "vol-1";
    r.target_path = "/var/lib/kubelet/pods/p/volumes/kubernetes.io~csi/model/mount";
    r.has_capability = true;
    r.mount = true;
    r.access_mode = 3;  // MULTI_NODE_READER_ONLY
    r.volume_context = {{"source", "reg.example/models/bert:v1"}, {"key", "trust/release.pub"}};
    return r;
  }
  void ExpectInvalid(const PublishRequest& r, const std::string& words) {
    auto p = PlanMount(r, config_);
    ASSERT_FALSE(p.ok()) << words;
    EXPECT_EQ(CsiCodeFor(p.error().code()), CsiCode::kInvalidArgument);
    EXPECT_NE(p.error().message().find(words), std::string::npos) << p.error().message();
  }
  std::unique_ptr<TempDir> dir_;
  std::string secrets_;
  DriverConfig config_;
};

TEST_F(PlanMountTest, BuildsTheMountOptions) {
  auto r = Request();
  r.volume_context["identity"] = "release@example.com";
  r.volume_context["readahead"] = "8";
  r.volume_context["plain_http"] = "true";
  r.volume_context["key"] = "trust/release.pub:trust/b.pub";
  r.volume_context["csi.storage.k8s.io/pod.name"] = "inference-0";
  auto p = PlanMount(r, config_);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->source, "reg.example/models/bert:v1");
  EXPECT_NE(p->options.find("cache=/var/cache/attestfs-csi,allow_other,nodev,nosuid"),
            std::string::npos);
  char real[PATH_MAX];
  ASSERT_NE(::realpath(secrets_.c_str(), real), nullptr);
  EXPECT_NE(
      p->options.find(",key=" + std::string(real) + "/trust/release.pub:" + real + "/trust/b.pub"),
      std::string::npos)
      << p->options;
  EXPECT_NE(p->options.find(",identity=release@example.com"), std::string::npos);
  EXPECT_NE(p->options.find(",readahead=8"), std::string::npos);
  EXPECT_NE(p->options.find(",plain_http"), std::string::npos);
  EXPECT_EQ(p->options.find("pod.name"), std::string::npos);
  EXPECT_TRUE(p->fingerprint.starts_with("sha256:"));
  auto again = PlanMount(r, config_);
  EXPECT_EQ(again->fingerprint, p->fingerprint);
  r.volume_context["readahead"] = "9";
  EXPECT_NE(PlanMount(r, config_)->fingerprint, p->fingerprint);
}

TEST_F(PlanMountTest, RequiredFieldsAndCapabilities) {
  auto r = Request();
  r.volume_id.clear();
  ExpectInvalid(r, "volume_id");
  r = Request();
  r.target_path = "relative/path";
  ExpectInvalid(r, "absolute");
  r = Request();
  r.has_capability = false;
  ExpectInvalid(r, "volume_capability");
  r = Request();
  r.block = true;
  r.mount = false;
  ExpectInvalid(r, "block");
  r = Request();
  r.access_mode = 5;
  ExpectInvalid(r, "read-only");
  r.access_mode = 1;  // SINGLE_NODE_WRITER: only for ephemeral volumes or readonly
  ExpectInvalid(r, "read-only");
  r.readonly = true;
  EXPECT_TRUE(PlanMount(r, config_).ok());
  r.readonly = false;
  r.volume_context["csi.storage.k8s.io/ephemeral"] = "true";
  EXPECT_TRUE(PlanMount(r, config_).ok());
  r = Request();
  r.fs_type = "ext4";
  ExpectInvalid(r, "fs_type");
  r = Request();
  r.mount_flags = {"rw"};
  ExpectInvalid(r, "mount flag");
  r = Request();
  r.has_secrets = true;
  ExpectInvalid(r, "nodePublishSecretRef");
}

TEST_F(PlanMountTest, AttributesAreChecked) {
  auto r = Request();
  r.volume_context.erase("source");
  ExpectInvalid(r, "'source'");
  for (const char* src : {"dir:/etc", "/srv/model", "./m", "oci-layout:/x", "file:/etc/passwd"}) {
    r = Request();
    r.volume_context["source"] = src;
    ExpectInvalid(r, "must be a registry reference");
  }
  r = Request();
  r.volume_context["source"] = "reg.example/m@sha256:abc";
  ExpectInvalid(r, "volume attribute source");
  r = Request();
  r.volume_context["trace"] = "/tmp/t";
  ExpectInvalid(r, "unknown volume attribute 'trace'");
  r = Request();
  r.volume_context["name"] = "a,trace=/tmp/t";
  ExpectInvalid(r, "commas");
  r = Request();
  r.volume_context["identity"] = "a\nb";
  ExpectInvalid(r, "control characters");
  r = Request();
  r.volume_context["readahead"] = "65";
  ExpectInvalid(r, "readahead");
  r = Request();
  r.volume_context["plain_http"] = "yes";
  ExpectInvalid(r, "true or false");
}

TEST_F(PlanMountTest, FilesOnlyInsideTheSecretsDirectory) {
  for (const char* bad : {"../outside.pub", "/etc/hostname", "trust/../../outside.pub", ".."}) {
    auto r = Request();
    r.volume_context["key"] = bad;
    ExpectInvalid(r, "relative path inside");
  }
  auto r = Request();
  r.volume_context["key"] = "trust/out.pub";
  ExpectInvalid(r, "resolves outside");
  r.volume_context["key"] = "trust/missing.pub";
  ExpectInvalid(r, "no such file");
  r = Request();
  r.volume_context["policy"] = "trust/release.pub";
  EXPECT_TRUE(PlanMount(r, config_).ok());
  r = Request();
  r.volume_context["trusted_root"] = "../outside.pub";  // keyless trust roots too
  ExpectInvalid(r, "relative path inside");
  DriverConfig none = config_;
  none.secrets_dir.clear();
  auto p = PlanMount(Request(), none);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message().find("no --secrets-dir"), std::string::npos);
}

}  // namespace
}  // namespace attestfs::csi

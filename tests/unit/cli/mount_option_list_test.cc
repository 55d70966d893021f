// ParseMountOptionList: every attestfs option, mount(8)'s generic options, rw refusal, unknowns.
#include "cli/mount_option_list.h"

#include <gtest/gtest.h>

namespace attestfs::cli {
namespace {

TEST(MountOptionsTest, ParsesEveryAttestfsOption) {
  auto o = ParseMountOptionList(
      "ro,key=/k.pub,ca_roots=/r.pem,identity=ci@example.com,policy=/p.yaml,attestation=/a.json,"
      "store=/s,name=bert,cache=/var/cache/attestfs,trace=/t.jsonl,log=/l.log,plain_http,"
      "ca_file=/ca.pem,authfile=/auth.json,allow_other,foreground,debug");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->spec.trust.keys, std::vector<std::string>{"/k.pub"});
  EXPECT_EQ(o->spec.trust.ca_roots, "/r.pem");
  EXPECT_EQ(o->spec.trust.identity, "ci@example.com");
  EXPECT_EQ(o->spec.policy, "/p.yaml");
  EXPECT_EQ(o->spec.attestation, "/a.json");
  EXPECT_EQ(o->spec.store, "/s");
  EXPECT_EQ(o->spec.name, "bert");
  EXPECT_EQ(o->spec.cache, "/var/cache/attestfs");
  EXPECT_EQ(o->fs.trace, "/t.jsonl");
  EXPECT_EQ(o->fs.log, "/l.log");
  EXPECT_EQ(o->spec.ca_file, "/ca.pem");
  EXPECT_EQ(o->spec.authfile, "/auth.json");
  EXPECT_TRUE(o->spec.plain_http);
  EXPECT_TRUE(o->fs.allow_other);
  EXPECT_TRUE(o->fs.foreground);
  EXPECT_TRUE(o->fs.debug);
}

TEST(MountOptionsTest, KeylessOptionsMakeIdentityTheCertificateIdentity) {
  auto o = ParseMountOptionList(
      "ro,identity=stefanb@us.ibm.com,issuer=https://sigstore.verify.ibm.com/oauth2,"
      "trusted_root=/tr.json");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_TRUE(o->spec.trust.Keyless());
  EXPECT_EQ(o->spec.trust.certificate_identity, "stefanb@us.ibm.com");
  EXPECT_EQ(o->spec.trust.identity, "");
  EXPECT_EQ(o->spec.trust.certificate_oidc_issuer, "https://sigstore.verify.ibm.com/oauth2");
  EXPECT_EQ(o->spec.trust.trusted_root, "/tr.json");
  auto re = ParseMountOptionList("ro,identity_regexp=.*@example\\.com,issuer_regexp=https://.*");
  ASSERT_TRUE(re.ok()) << re.error().message();
  EXPECT_EQ(re->spec.trust.certificate_identity_regexp, ".*@example\\.com");
  EXPECT_EQ(re->spec.trust.certificate_oidc_issuer_regexp, "https://.*");
  // With ca_roots=, identity= stays the X.509 SAN glob.
  auto ca = ParseMountOptionList("ro,ca_roots=/r.pem,identity=ci@example.com");
  ASSERT_TRUE(ca.ok());
  EXPECT_FALSE(ca->spec.trust.Keyless());
  EXPECT_EQ(ca->spec.trust.identity, "ci@example.com");
}

TEST(MountOptionsTest, AcceptsAndIgnoresMountGenericOptions) {
  auto o = ParseMountOptionList(
      "defaults,auto,noauto,user,_netdev,nofail,ro,x-systemd.automount,"
      "nodev,nosuid,noexec,key=/k");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_TRUE(o->fs.noexec);
  EXPECT_TRUE(o->fs.nodev);
  EXPECT_TRUE(o->fs.nosuid);
  EXPECT_EQ(o->ignored.size(), 8u);
  auto e = ParseMountOptionList("exec,suid,dev");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->fs.noexec);
  EXPECT_FALSE(e->fs.nosuid);
  EXPECT_FALSE(e->fs.nodev);
}

TEST(MountOptionsTest, RefusesRw) {
  auto o = ParseMountOptionList("rw,key=/k");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message().find("read-only"), std::string::npos);
}

TEST(MountOptionsTest, UnknownOptionsAreNamed) {
  auto o = ParseMountOptionList("key=/k,bogus,color=red");
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code(), Errc::kUsage);
  EXPECT_NE(o.error().message().find("bogus"), std::string::npos);
  EXPECT_NE(o.error().message().find("color=red"), std::string::npos);
  auto sloppy = ParseMountOptionList("key=/k,bogus", /*sloppy=*/true);
  ASSERT_TRUE(sloppy.ok());
  EXPECT_EQ(sloppy->ignored, std::vector<std::string>{"bogus"});
}

TEST(MountOptionsTest, ValueAndFlagShapesAreChecked) {
  EXPECT_FALSE(ParseMountOptionList("key").ok());
  EXPECT_FALSE(ParseMountOptionList("key=").ok());
  EXPECT_FALSE(ParseMountOptionList("allow_other=1").ok());
  auto q = ParseMountOptionList("identity=\"a,b\",key=/k");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->spec.trust.identity, "a,b");
  EXPECT_FALSE(ParseMountOptionList("identity=\"a,b").ok());
}

TEST(MountOptionsTest, ParsesStatsAndReadAhead) {
  auto o = ParseMountOptionList("key=/k,stats=/run/s.json,readahead=0");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->spec.stats, "/run/s.json");
  EXPECT_EQ(o->read_ahead_chunks, 0);
  auto d = ParseMountOptionList("key=/k");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->read_ahead_chunks, -1);  // the reader's default
  EXPECT_EQ(ParseMountOptionList("readahead=16")->read_ahead_chunks, 16);
}

TEST(MountOptionsTest, RefusesBadReadAhead) {
  for (const char* bad : {"readahead", "readahead=", "readahead=-1", "readahead=x", "readahead=65",
                          "readahead=99999999999"}) {
    auto o = ParseMountOptionList(bad);
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.error().code(), Errc::kUsage) << bad;
  }
}

TEST(MountOptionsTest, ParsesTimeoutAndFetchTimeoutInSeconds) {
  auto d = ParseMountOptionList("key=/k");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->fs.mount_timeout_seconds, fs::kDefaultMountTimeoutSeconds);
  EXPECT_EQ(d->fs.mount_timeout_seconds, 30);
  EXPECT_EQ(d->spec.fetch_timeout_seconds, app::kDefaultFetchTimeoutSeconds);
  auto o = ParseMountOptionList("timeout=3,fetch_timeout=120");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->fs.mount_timeout_seconds, 3);
  EXPECT_EQ(o->spec.fetch_timeout_seconds, 120);
  EXPECT_EQ(ParseMountOptionList("timeout=3600")->fs.mount_timeout_seconds, 3600);
}

TEST(MountOptionsTest, RefusesBadTimeouts) {
  for (const char* key : {"timeout", "fetch_timeout"}) {
    for (const char* bad : {"", "=", "=0", "=-1", "=x", "=3601", "=99999", "=1.5"}) {
      std::string opt = std::string(key) + bad;
      auto o = ParseMountOptionList(opt);
      ASSERT_FALSE(o.ok()) << opt;
      EXPECT_EQ(o.error().code(), Errc::kUsage) << opt;
      EXPECT_NE(o.error().message().find("'" + std::string(key) + "' needs seconds (1..3600)"),
                std::string::npos)
          << o.error().message();
    }
  }
}

TEST(MountOptionsTest, SplitsKeyListIntoTrustKeys) {
  auto o = ParseMountOptionList("key=/a.pub:/b.pub::/c.pub");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->spec.trust.keys, (std::vector<std::string>{"/a.pub", "/b.pub", "/c.pub"}));
}

}  // namespace
}  // namespace attestfs::cli

// ParseMountOptions: every attestfs option, mount(8)'s generic options, rw refusal, unknowns.
#include "fuse/mount_options.h"

#include <gtest/gtest.h>

namespace attestfs::fs {
namespace {

TEST(MountOptionsTest, ParsesEveryAttestfsOption) {
  auto o = ParseMountOptions(
      "ro,key=/k.pub,ca_roots=/r.pem,identity=ci@example.com,policy=/p.yaml,attestation=/a.json,"
      "store=/s,name=bert,cache=/var/cache/attestfs,trace=/t.jsonl,log=/l.log,plain_http,"
      "ca_file=/ca.pem,authfile=/auth.json,allow_other,foreground,debug");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->key, "/k.pub");
  EXPECT_EQ(o->ca_roots, "/r.pem");
  EXPECT_EQ(o->identity, "ci@example.com");
  EXPECT_EQ(o->policy, "/p.yaml");
  EXPECT_EQ(o->attestation, "/a.json");
  EXPECT_EQ(o->store, "/s");
  EXPECT_EQ(o->name, "bert");
  EXPECT_EQ(o->cache, "/var/cache/attestfs");
  EXPECT_EQ(o->trace, "/t.jsonl");
  EXPECT_EQ(o->log, "/l.log");
  EXPECT_EQ(o->ca_file, "/ca.pem");
  EXPECT_EQ(o->authfile, "/auth.json");
  EXPECT_TRUE(o->plain_http);
  EXPECT_TRUE(o->allow_other);
  EXPECT_TRUE(o->foreground);
  EXPECT_TRUE(o->debug);
}

TEST(MountOptionsTest, AcceptsAndIgnoresMountGenericOptions) {
  auto o = ParseMountOptions(
      "defaults,auto,noauto,user,_netdev,nofail,ro,x-systemd.automount,"
      "nodev,nosuid,noexec,key=/k");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_TRUE(o->noexec);
  EXPECT_TRUE(o->nodev);
  EXPECT_TRUE(o->nosuid);
  EXPECT_EQ(o->ignored.size(), 8u);
  auto e = ParseMountOptions("exec,suid,dev");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->noexec);
  EXPECT_FALSE(e->nosuid);
  EXPECT_FALSE(e->nodev);
}

TEST(MountOptionsTest, RefusesRw) {
  auto o = ParseMountOptions("rw,key=/k");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message().find("read-only"), std::string::npos);
}

TEST(MountOptionsTest, UnknownOptionsAreNamed) {
  auto o = ParseMountOptions("key=/k,bogus,color=red");
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code(), Errc::kUsage);
  EXPECT_NE(o.error().message().find("bogus"), std::string::npos);
  EXPECT_NE(o.error().message().find("color=red"), std::string::npos);
  auto sloppy = ParseMountOptions("key=/k,bogus", /*sloppy=*/true);
  ASSERT_TRUE(sloppy.ok());
  EXPECT_EQ(sloppy->ignored, std::vector<std::string>{"bogus"});
}

TEST(MountOptionsTest, ValueAndFlagShapesAreChecked) {
  EXPECT_FALSE(ParseMountOptions("key").ok());
  EXPECT_FALSE(ParseMountOptions("key=").ok());
  EXPECT_FALSE(ParseMountOptions("allow_other=1").ok());
  auto q = ParseMountOptions("identity=\"a,b\",key=/k");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->identity, "a,b");
  EXPECT_FALSE(ParseMountOptions("identity=\"a,b").ok());
}

TEST(MountOptionsTest, ParsesStatsAndReadAhead) {
  auto o = ParseMountOptions("key=/k,stats=/run/s.json,readahead=0");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->stats, "/run/s.json");
  EXPECT_EQ(o->read_ahead_chunks, 0);
  auto d = ParseMountOptions("key=/k");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->read_ahead_chunks, -1);  // the reader's default
  EXPECT_EQ(ParseMountOptions("readahead=16")->read_ahead_chunks, 16);
}

TEST(MountOptionsTest, RefusesBadReadAhead) {
  for (const char* bad : {"readahead", "readahead=", "readahead=-1", "readahead=x", "readahead=65",
                          "readahead=99999999999"}) {
    auto o = ParseMountOptions(bad);
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.error().code(), Errc::kUsage) << bad;
  }
}

TEST(MountOptionsTest, ParsesTimeoutAndFetchTimeoutInSeconds) {
  auto d = ParseMountOptions("key=/k");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->mount_timeout_seconds, kDefaultMountTimeoutSeconds);
  EXPECT_EQ(d->mount_timeout_seconds, 30);
  EXPECT_EQ(d->fetch_timeout_seconds, kDefaultFetchTimeoutSeconds);
  auto o = ParseMountOptions("timeout=3,fetch_timeout=120");
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->mount_timeout_seconds, 3);
  EXPECT_EQ(o->fetch_timeout_seconds, 120);
  EXPECT_EQ(ParseMountOptions("timeout=3600")->mount_timeout_seconds, 3600);
}

TEST(MountOptionsTest, RefusesBadTimeouts) {
  for (const char* key : {"timeout", "fetch_timeout"}) {
    for (const char* bad : {"", "=", "=0", "=-1", "=x", "=3601", "=99999", "=1.5"}) {
      std::string opt = std::string(key) + bad;
      auto o = ParseMountOptions(opt);
      ASSERT_FALSE(o.ok()) << opt;
      EXPECT_EQ(o.error().code(), Errc::kUsage) << opt;
      EXPECT_NE(o.error().message().find("'" + std::string(key) + "' needs seconds (1..3600)"),
                std::string::npos)
          << o.error().message();
    }
  }
}

}  // namespace
}  // namespace attestfs::fs

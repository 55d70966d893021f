// mountinfo: the octal unescaping of mount fields, finding an attestfs mount's device number in
// mountinfo text, and CheckMountpoint's refusals.
#include "fuse/mountinfo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace attestfs::fs {
namespace {

TEST(MountinfoTest, UnescapesOctalEscapes) {
  EXPECT_EQ(UnescapeMountField("/mnt/my\\040model"), "/mnt/my model");
  EXPECT_EQ(UnescapeMountField("a\\011b\\012c\\134d"), "a\tb\nc\\d");
  EXPECT_EQ(UnescapeMountField("plain"), "plain");
  EXPECT_EQ(UnescapeMountField("\\09x"), "\\09x");  // not three octal digits: kept as is
  EXPECT_EQ(UnescapeMountField("end\\04"), "end\\04");
}

constexpr const char* kMountinfo =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "40 22 0:45 / /mnt/a rw,nosuid,nodev shared:20 - fuse.attestfs dir:/m ro,user_id=0\n"
    "41 22 0:46 / /mnt/b rw - fuse.sshfs host:/ rw\n"
    "42 22 0:47 / /mnt/with\\040space rw - fuse.attestfs dir:/n ro\n"
    "43 40 0:48 / /mnt/a rw shared:21 - fuse.attestfs dir:/o ro\n"
    "garbage\n";

TEST(MountinfoTest, FindsTheNewestAttestfsMountAtAMountpoint) {
  EXPECT_EQ(FindAttestfsMountDevice(kMountinfo, "/mnt/a"), "0:48");  // stacked: the last one
  EXPECT_EQ(FindAttestfsMountDevice(kMountinfo, "/mnt/with space"), "0:47");
}

TEST(MountinfoTest, IgnoresOtherFilesystemsAndAbsentMountpoints) {
  EXPECT_EQ(FindAttestfsMountDevice(kMountinfo, "/mnt/b"), "");  // fuse.sshfs
  EXPECT_EQ(FindAttestfsMountDevice(kMountinfo, "/"), "");
  EXPECT_EQ(FindAttestfsMountDevice(kMountinfo, "/mnt/none"), "");
  EXPECT_EQ(FindAttestfsMountDevice("", "/mnt/a"), "");
}

TEST(MountinfoTest, CheckMountpointAcceptsADirectoryOnly) {
  char tmpl[] = "/tmp/attestfs-mountinfo-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  EXPECT_TRUE(CheckMountpoint(dir).ok());
  std::ofstream(dir + "/file") << "x";
  auto file = CheckMountpoint(dir + "/file");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code(), Errc::kUsage);
  EXPECT_NE(file.error().message().find("not a directory"), std::string::npos);
  auto missing = CheckMountpoint(dir + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find(dir + "/missing"), std::string::npos);
  ::unlink((dir + "/file").c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace attestfs::fs

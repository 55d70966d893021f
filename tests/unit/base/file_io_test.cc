// base: size-limited reads, atomic writes (no temp file left behind, mode applied), MakeDirs,
// CheckPrivateDirectory (symlinks, foreign permissions), and RFC 3339 round trips.
#include "base/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/clock.h"

namespace attestfs {
namespace {

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/afs-base-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FileIoTest, WriteFileAtomicLeavesOnlyTheFinalFile) {
  std::string p = dir_ + "/out.json";
  ASSERT_TRUE(WriteFileAtomic(p, "hello", 0600).ok());
  ASSERT_TRUE(WriteFileAtomic(p, "hello again", 0600).ok());
  auto back = ReadFileLimited(p, 100);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "hello again");
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(dir_)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);  // no temp file left next to it
}

TEST_F(FileIoTest, ReadFileLimitedRefusesOversizedFiles) {
  std::string p = dir_ + "/big";
  ASSERT_TRUE(WriteFileAtomic(p, std::string(1001, 'x')).ok());
  auto r = ReadFileLimited(p, 1000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kTooLarge);
  EXPECT_NE(r.error().message().find(p), std::string::npos) << r.error().message();
  EXPECT_EQ(ReadFileLimited(dir_ + "/missing", 10).error().code(), Errc::kNotFound);
}

TEST_F(FileIoTest, PrivateDirectoryMustBeOursAndClosed) {
  std::string d = dir_ + "/cache/a/b";
  ASSERT_TRUE(MakeDirs(d, 0700).ok());
  EXPECT_TRUE(CheckPrivateDirectory(d).ok());
  ASSERT_EQ(::chmod(d.c_str(), 0755), 0);
  auto open = CheckPrivateDirectory(d);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().code(), Errc::kPermission);
  ASSERT_EQ(::chmod(d.c_str(), 0700), 0);
  std::string link = dir_ + "/link";
  ASSERT_EQ(::symlink(d.c_str(), link.c_str()), 0);
  auto via_link = CheckPrivateDirectory(link);
  ASSERT_FALSE(via_link.ok());
  EXPECT_EQ(via_link.error().code(), Errc::kUnsafePath);
  EXPECT_FALSE(CheckPrivateDirectory(dir_ + "/nope").ok());
}

TEST(ClockTest, Rfc3339RoundTripsAndRejectsJunk) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  auto t = ParseRfc3339("2026-11-26T01:30:27Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "2026-11-26T01:30:27Z");
  EXPECT_FALSE(ParseRfc3339("yesterday").has_value());
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z").has_value());
}

}  // namespace
}  // namespace attestfs

// A FIFO or device node in place of a file between the walk and the hash (issue 9 item 7): the
// hasher and HashFileRange must refuse it by name without blocking in open(2).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fifo_guard.h"
#include "targets/dir_walker.h"
#include "targets/manifest_builder.h"
#include "targets/path_filter.h"
#include "targets/scanner.h"
#include "test_tree.h"

namespace attestfs::targets {
namespace {

using attestfs::testing::RunReleasingFifo;
using testing::TestTree;

TEST(SpecialFileTest, FifoSwappedInAfterTheWalkIsRefusedWithoutBlocking) {
  TestTree t;
  t.Write("ok.bin", "fine");
  t.Write("weights.bin", "");  // size 0: the FIFO's size too
  PathFilter filter({}, {}, false);
  DirWalker walker(t.root(), filter);
  auto walk = walker.Walk();
  ASSERT_TRUE(walk.ok()) << walk.error().message();
  ASSERT_EQ(::unlink(t.Path("weights.bin").c_str()), 0);
  ASSERT_EQ(::mkfifo(t.Path("weights.bin").c_str(), 0644), 0);
  for (unsigned threads : {1u, 2u}) {
    ScanOptions opts;
    opts.threads = threads;
    auto r = RunReleasingFifo(t.Path("weights.bin"), [&] { return BuildManifest(*walk, opts); });
    ASSERT_FALSE(r.ok()) << threads;
    EXPECT_EQ(r.error().code(), Errc::kUnsafePath) << r.error().message();
    EXPECT_NE(r.error().message().find("weights.bin"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("FIFO"), std::string::npos) << r.error().message();
  }
}

TEST(SpecialFileTest, DeviceNodeSwappedInAfterTheWalkIsRefused) {
  TestTree t;
  t.Write("dev.bin", "");
  PathFilter filter({}, {}, false);
  DirWalker walker(t.root(), filter);
  auto walk = walker.Walk();
  ASSERT_TRUE(walk.ok()) << walk.error().message();
  ASSERT_EQ(::unlink(t.Path("dev.bin").c_str()), 0);
  if (::mknod(t.Path("dev.bin").c_str(), S_IFCHR | 0644, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs CAP_MKNOD";  // /dev/null's numbers
  }
  auto r = BuildManifest(*walk, ScanOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath) << r.error().message();
  EXPECT_NE(r.error().message().find("dev.bin"), std::string::npos) << r.error().message();
}

TEST(SpecialFileTest, HashFileRangeRefusesFifoWithoutBlocking) {
  TestTree t;
  ASSERT_EQ(::mkfifo(t.Path("pipe").c_str(), 0644), 0);
  auto r = RunReleasingFifo(t.Path("pipe"), [&] { return HashFileRange(t.Path("pipe"), 0, 0); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), Errc::kUnsafePath) << r.error().message();
  EXPECT_NE(r.error().message().find("pipe"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace attestfs::targets

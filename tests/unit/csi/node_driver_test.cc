// NodeDriver over a fake MountRunner: idempotency, ALREADY_EXISTS, error mapping, unpublish,
// recovery from the state directory, serialised calls; VolumeState and TrimCache.
#include "csi/node_driver.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "base/temp_dir.h"
#include "csi/cache_trimmer.h"

namespace attestfs::csi {
namespace {

struct FakeRunner : MountRunner {
  std::set<std::string> mounted, dead;
  std::atomic<int> mounts{0}, concurrent{0}, max_concurrent{0};
  Errc fail = Errc::kOk;
  Status Mount(const std::string&, const std::string& target, const std::string&) override {
    int now = ++concurrent;
    max_concurrent = std::max(max_concurrent.load(), now);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --concurrent;
    if (fail != Errc::kOk) return Error(fail, "mount failed for a reason");
    ++mounts;
    mounted.insert(target);
    return OkStatus();
  }
  Status Unmount(const std::string& target) override {
    mounted.erase(target);
    dead.erase(target);
    return OkStatus();
  }
  bool IsMounted(const std::string& target) override { return mounted.count(target) > 0; }
  bool IsDead(const std::string& target) override { return dead.count(target) > 0; }
};

class NodeDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = TempDir::Create("csi-driver");
    ASSERT_TRUE(d.ok());
    dir_ = std::make_unique<TempDir>(std::move(*d));
    ::mkdir((dir_->path() + "/secrets").c_str(), 0700);
    std::ofstream(dir_->path() + "/secrets/k.pub") << "pem";
    ::mkdir((dir_->path() + "/pods").c_str(), 0700);
    config_.node_id = "n1";
    config_.state_dir = dir_->path() + "/state";
    config_.secrets_dir = dir_->path() + "/secrets";
    config_.cache_dir = dir_->path() + "/cache";
    Restart();
  }
  void Restart() {
    auto r = std::make_unique<FakeRunner>();
    if (runner_) {
      r->mounted = runner_->mounted;
      r->dead = runner_->dead;
    }
    runner_ = r.get();
    auto d = NodeDriver::Create(config_, std::move(r));
    ASSERT_TRUE(d.ok()) << d.error().message();
    driver_ = std::move(*d);
  }
  PublishRequest Request(const std::string& target, const std::string& tag = "v1") {
    PublishRequest r;
    r.volume_id = "vol-1";
    r.target_path = dir_->path() + "/pods/" + target;
    r.has_capability = true;
    r.mount = true;
    r.access_mode = 2;
    r.volume_context = {{"source", "reg.example/m:" + tag}, {"key", "k.pub"}};
    return r;
  }
  std::unique_ptr<TempDir> dir_;
  DriverConfig config_;
  FakeRunner* runner_ = nullptr;
  std::unique_ptr<NodeDriver> driver_;
};

TEST_F(NodeDriverTest, PublishIsIdempotentAndOtherAttributesConflict) {
  auto r = Request("a");
  ASSERT_TRUE(driver_->Publish(r).ok());
  EXPECT_TRUE(driver_->Publish(r).ok());
  EXPECT_EQ(runner_->mounts, 1);
  auto other = Request("a", "v2");
  CsiStatus s = driver_->Publish(other);
  EXPECT_EQ(s.code, CsiCode::kAlreadyExists) << s.message;
}

TEST_F(NodeDriverTest, FailuresMapToCsiCodesAndLeaveNothing) {
  const std::pair<Errc, CsiCode> cases[] = {{Errc::kVerificationFailed, CsiCode::kPermissionDenied},
                                            {Errc::kPolicyDenied, CsiCode::kFailedPrecondition},
                                            {Errc::kNetwork, CsiCode::kUnavailable},
                                            {Errc::kNotFound, CsiCode::kNotFound},
                                            {Errc::kUsage, CsiCode::kInvalidArgument}};
  for (auto [errc, code] : cases) {
    runner_->fail = errc;
    auto r = Request("f");
    CsiStatus s = driver_->Publish(r);
    EXPECT_EQ(s.code, code) << s.message;
    EXPECT_NE(s.message.find("mount failed for a reason"), std::string::npos);
    struct stat st {};
    EXPECT_NE(::stat(r.target_path.c_str(), &st), 0) << "target left behind";
  }
}

TEST_F(NodeDriverTest, UnpublishIsIdempotent) {
  auto r = Request("a");
  ASSERT_TRUE(driver_->Publish(r).ok());
  EXPECT_TRUE(driver_->Unpublish("vol-1", r.target_path).ok());
  EXPECT_FALSE(runner_->IsMounted(r.target_path));
  struct stat st {};
  EXPECT_NE(::stat(r.target_path.c_str(), &st), 0);
  EXPECT_TRUE(driver_->Unpublish("vol-1", r.target_path).ok());
  EXPECT_EQ(driver_->Unpublish("", r.target_path).code, CsiCode::kInvalidArgument);
  EXPECT_EQ(driver_->Unpublish("vol-1", "").code, CsiCode::kInvalidArgument);
}

TEST_F(NodeDriverTest, ARestartedDriverTakesBackItsVolumes) {
  auto live = Request("live");
  auto gone = Request("gone");
  gone.volume_id = "vol-2";
  auto died = Request("died");
  died.volume_id = "vol-3";
  ASSERT_TRUE(driver_->Publish(live).ok());
  ASSERT_TRUE(driver_->Publish(gone).ok());
  ASSERT_TRUE(driver_->Publish(died).ok());
  runner_->mounted.erase(gone.target_path);
  ::rmdir(gone.target_path.c_str());       // the pod is gone
  runner_->dead.insert(died.target_path);  // its daemon was killed
  Restart();
  auto log = driver_->Recover();
  std::string all;
  for (auto& l : log) all += l + "\n";
  EXPECT_NE(all.find("live: mounted, kept"), std::string::npos) << all;
  EXPECT_NE(all.find("gone: target gone, record removed"), std::string::npos) << all;
  EXPECT_NE(all.find("died: daemon was gone, mounted again"), std::string::npos) << all;
  EXPECT_TRUE(driver_->Publish(live).ok());  // idempotent across the restart
  EXPECT_EQ(runner_->mounts, 1);             // only the dead one was mounted again
  EXPECT_TRUE(driver_->Unpublish("vol-1", live.target_path).ok());
}

TEST_F(NodeDriverTest, CallsForOneVolumeAreSerialised) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (driver_->Publish(Request("same")).ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(runner_->mounts, 1);
  EXPECT_EQ(runner_->max_concurrent, 1);
}

TEST(CacheTrimTest, EvictsOldestChunksOnlyDownToTheBound) {
  auto d = TempDir::Create("csi-trim");
  ASSERT_TRUE(d.ok());
  const std::string root = d->path();
  ::mkdir((root + "/chunks").c_str(), 0700);
  ::mkdir((root + "/chunks/sha256").c_str(), 0700);
  ::mkdir((root + "/manifests").c_str(), 0700);
  std::ofstream(root + "/manifests/m.json") << std::string(5000, 'm');
  for (int i = 0; i < 10; ++i) {
    const std::string p = root + "/chunks/sha256/c" + std::to_string(i);
    std::ofstream(p) << std::string(1000, 'x');
    timespec times[2] = {{1000 + i, 0}, {1000 + i, 0}};
    ::utimensat(AT_FDCWD, p.c_str(), times, 0);
  }
  TrimResult r = TrimCache(root, 9000);
  EXPECT_EQ(r.bytes_before, 15000u);
  EXPECT_EQ(r.files_removed, 6u);
  EXPECT_LE(r.bytes_after, 9000u);
  struct stat st {};
  EXPECT_NE(::stat((root + "/chunks/sha256/c0").c_str(), &st), 0);  // oldest gone
  EXPECT_EQ(::stat((root + "/chunks/sha256/c9").c_str(), &st), 0);  // newest kept
  EXPECT_EQ(::stat((root + "/manifests/m.json").c_str(), &st), 0);  // never evicted
  EXPECT_EQ(TrimCache(root, 0).files_removed, 0u);                  // 0: unbounded
}

TEST(CsiStatusTest, ErrcNamesRoundTrip) {
  for (Errc e : {Errc::kNetwork, Errc::kVerificationFailed, Errc::kPolicyDenied, Errc::kUsage}) {
    EXPECT_EQ(ErrcFromName(ErrcName(e)), e);
  }
  EXPECT_EQ(ErrcFromName("no such kind"), Errc::kInternal);
  EXPECT_EQ(CsiCodeName(CsiCode::kFailedPrecondition), "FAILED_PRECONDITION");
}

}  // namespace
}  // namespace attestfs::csi

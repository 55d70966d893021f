// Real FUSE mounts (root + /dev/fuse, else skipped): tree equality, EIO on tampered backing files
// with nothing cached, concurrent random readers, mmap, EROFS, tracing, daemon/foreground modes.
// Each test has its own mountpoint, a watchdog that aborts the FUSE connection if the test hangs,
// and unmounts in TearDown. Tests run serially (one gtest process).
#include "fuse/mount.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "base/file_io.h"
#include "content/local_blob_source.h"
#include "fakes/content/fake_blob_source.h"
#include "fuse/attest_fs.h"

namespace attestfs::fs {
namespace {

namespace stdfs = std::filesystem;
using content::testing::MakeEntry;
using content::testing::PatternBytes;

constexpr uint64_t kCs = 64 << 10;
constexpr int kWatchdogSeconds = 120;

// Aborts the FUSE connection (so blocked syscalls return) if a test outlives its deadline.
class Watchdog {
 public:
  void Arm(dev_t dev) {
    thread_ = std::thread([this, dev] {
      std::unique_lock<std::mutex> lock(mu_);
      if (cv_.wait_for(lock, std::chrono::seconds(kWatchdogSeconds), [this] { return done_; }))
        return;
      ADD_FAILURE() << "mount test timed out after " << kWatchdogSeconds << " s; aborting FUSE";
      std::string abort = "/sys/fs/fuse/connections/" + std::to_string(minor(dev)) + "/abort";
      int fd = ::open(abort.c_str(), O_WRONLY);
      if (fd >= 0) {
        (void)!::write(fd, "1", 1);
        ::close(fd);
      }
    });
  }
  void Disarm() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  ~Watchdog() { Disarm(); }

 private:
  std::mutex mu_;  // guards done_
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

class MountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0)
      GTEST_SKIP() << "real FUSE mounts need root (/dev/fuse is root-only here)";
    if (::access("/dev/fuse", R_OK | W_OK) != 0) GTEST_SKIP() << "/dev/fuse is missing or unusable";
    char tmpl[] = "/tmp/afs-mount-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    src_ = dir_ + "/src";
    mnt_ = dir_ + "/mnt";
    ASSERT_TRUE(MakeDirs(src_ + "/model/tok").ok());
    ASSERT_TRUE(MakeDirs(mnt_).ok());
    Put("config.json", "{\"arch\":\"bert\"}\n");
    Put("model/weights.bin", PatternBytes(48 * kCs + 321, 7));
    Put("model/tok/vocab.txt", PatternBytes(3000, 8));
    Put("run.sh", "#!/bin/sh\necho hi\n");
    Put("empty", "");
    ::chmod((src_ + "/run.sh").c_str(), 0755);
    ASSERT_EQ(::symlink("weights.bin", (src_ + "/model/latest").c_str()), 0);
    manifest_ = BuildManifest();
  }
  void TearDown() override {
    if (mounted_) {
      EXPECT_TRUE(mounted_->Unmount().ok());
    }
    mounted_.reset();
    watchdog_.Disarm();
    if (!dir_.empty()) {
      ::umount2(mnt_.c_str(), MNT_DETACH);  // in case a test left it mounted
      std::system(("rm -rf " + dir_).c_str());
    }
  }
  void Put(const std::string& rel, const std::string& bytes) {
    ASSERT_TRUE(WriteFileAtomic(src_ + "/" + rel, bytes).ok());
    contents_[rel] = bytes;
  }
  attestation::FileManifest BuildManifest() {
    attestation::FileManifest m;
    m.chunk_size = kCs;
    for (const auto& [rel, bytes] : contents_) {
      bool exec = rel == "run.sh";
      m.files.push_back(MakeEntry(rel, bytes, kCs, exec));
    }
    attestation::FileEntry link = MakeEntry("model/latest", contents_["model/weights.bin"], kCs);
    link.type = attestation::FileEntry::Type::kSymlink;
    link.link_target = "weights.bin";
    m.files.push_back(link);
    m.Sort();
    return m;
  }
  MountRequest Request() {
    MountRequest r;
    r.source_name = "dir:" + src_;
    r.mountpoint = mnt_;
    r.manifest = manifest_;
    auto s = content::LocalBlobSource::Open(src_);
    EXPECT_TRUE(s.ok());
    r.source = std::move(s).value();
    r.options.log = dir_ + "/attestfs.log";
    return r;
  }
  void StartMount(MountRequest r) {
    auto m = MountedFs::Start(std::move(r));
    ASSERT_TRUE(m.ok()) << m.error().message();
    mounted_ = std::move(m).value();
    struct stat st {};
    ASSERT_EQ(::stat(mnt_.c_str(), &st), 0);
    watchdog_.Arm(st.st_dev);
  }
  std::string ReadAll(const std::string& path) {
    auto r = ReadFileLimited(path, 1ull << 30);
    EXPECT_TRUE(r.ok()) << path << ": " << (r.ok() ? "" : r.error().message());
    return r.ok() ? *r : "";
  }
  bool IsMounted() {
    auto mounts = ReadFileLimited("/proc/self/mounts", 1 << 22);
    return mounts.ok() && mounts->find(" " + mnt_ + " fuse.attestfs ") != std::string::npos;
  }

  std::string dir_, src_, mnt_;
  std::map<std::string, std::string> contents_;
  attestation::FileManifest manifest_;
  std::unique_ptr<MountedFs> mounted_;
  Watchdog watchdog_;
};

TEST_F(MountTest, TreeEqualsSourceByteForByte) {
  StartMount(Request());
  std::map<std::string, std::string> seen;
  for (const auto& e : stdfs::recursive_directory_iterator(mnt_)) {
    std::string rel = e.path().lexically_relative(mnt_).string();
    if (e.is_symlink()) {
      seen[rel] = "->" + stdfs::read_symlink(e.path()).string();
    } else if (e.is_regular_file()) {
      seen[rel] = ReadAll(e.path());
    }
  }
  auto expected = contents_;
  expected["model/latest"] = "->weights.bin";
  EXPECT_EQ(seen.size(), expected.size());
  for (const auto& [rel, bytes] : expected) {
    ASSERT_TRUE(seen.count(rel)) << rel;
    EXPECT_TRUE(seen[rel] == bytes) << rel << " differs";
  }
  struct stat st {};
  ASSERT_EQ(::stat((mnt_ + "/run.sh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0555u);
  ASSERT_EQ(::stat((mnt_ + "/config.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  EXPECT_EQ(ReadAll(mnt_ + "/model/latest"), contents_["model/weights.bin"]);
  EXPECT_TRUE(IsMounted());
}

TEST_F(MountTest, TamperedBackingFileGivesEioAndNothingIsCached) {
  StartMount(Request());
  const std::string rel = "model/weights.bin";
  const uint64_t bad_off = 30 * kCs + 99;
  char orig = contents_[rel][bad_off];
  int sfd = ::open((src_ + "/" + rel).c_str(), O_WRONLY);
  ASSERT_GE(sfd, 0);
  char evil = static_cast<char>(orig ^ 0x20);
  ASSERT_EQ(::pwrite(sfd, &evil, 1, static_cast<off_t>(bad_off)), 1);

  int fd = ::open((mnt_ + "/" + rel).c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string buf(4096, '\0');
  ASSERT_EQ(::pread(fd, buf.data(), 4096, 0), 4096);  // untouched chunk
  EXPECT_EQ(buf, contents_[rel].substr(0, 4096));
  errno = 0;
  EXPECT_EQ(::pread(fd, buf.data(), 4096, static_cast<off_t>(30 * kCs)), -1);
  EXPECT_EQ(errno, EIO);
  EXPECT_EQ(::pread(fd, buf.data(), 4096, static_cast<off_t>(30 * kCs)), -1);  // still EIO
  // Restore the byte: the next read verifies and succeeds (the failure was never cached).
  ASSERT_EQ(::pwrite(sfd, &orig, 1, static_cast<off_t>(bad_off)), 1);
  ::close(sfd);
  ASSERT_EQ(::pread(fd, buf.data(), 4096, static_cast<off_t>(30 * kCs)), 4096);
  EXPECT_EQ(buf, contents_[rel].substr(30 * kCs, 4096));
  ::close(fd);
  auto log = ReadFileLimited(dir_ + "/attestfs.log", 1 << 20);
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("verification failed: path=model/weights.bin chunk=30"), std::string::npos)
      << *log;
}

TEST_F(MountTest, SequentialReadServesVerifiedBytesUpToATamperedChunkThenEio) {
  // Kernel read-ahead and the daemon's hash-ahead both run past the tampered chunk: neither may
  // let a byte of it through, and everything before it arrives intact.
  StartMount(Request());
  const std::string rel = "model/weights.bin";
  const uint64_t bad_chunk = 30;
  int sfd = ::open((src_ + "/" + rel).c_str(), O_WRONLY);
  ASSERT_GE(sfd, 0);
  char evil = static_cast<char>(contents_[rel][bad_chunk * kCs + 7] ^ 0x01);
  ASSERT_EQ(::pwrite(sfd, &evil, 1, static_cast<off_t>(bad_chunk * kCs + 7)), 1);
  ::close(sfd);
  int fd = ::open((mnt_ + "/" + rel).c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string got, buf(128 << 10, '\0');
  ssize_t n = 0;
  errno = 0;
  while ((n = ::read(fd, buf.data(), buf.size())) > 0) got.append(buf, 0, static_cast<size_t>(n));
  int err = errno;
  ::close(fd);
  EXPECT_EQ(n, -1);
  EXPECT_EQ(err, EIO);
  EXPECT_EQ(got.size(), bad_chunk * kCs);
  EXPECT_TRUE(got == contents_[rel].substr(0, got.size()));
}

TEST_F(MountTest, WarmReadIsServedByThePageCacheWithoutReachingTheDaemon) {
  StartMount(Request());
  const std::string& want = contents_["model/weights.bin"];
  EXPECT_TRUE(ReadAll(mnt_ + "/model/weights.bin") == want);
  ReadCounters cold = mounted_->fs().read_counters();
  EXPECT_GE(cold.bytes, want.size());
  // Sequential reads arrive as large requests (kernel read-ahead raised for the mount), not
  // as 128 KiB ones.
  EXPECT_GE(cold.bytes / cold.requests, 256u << 10) << cold.requests << " requests";
  for (int i = 0; i < 2; ++i) {  // new opens: keep_cache keeps the verified pages
    EXPECT_TRUE(ReadAll(mnt_ + "/model/weights.bin") == want);
    int fd = ::open((mnt_ + "/model/weights.bin").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    void* p = ::mmap(nullptr, want.size(), PROT_READ, MAP_SHARED, fd, 0);
    ASSERT_NE(p, MAP_FAILED);
    EXPECT_EQ(std::memcmp(p, want.data(), want.size()), 0);
    ::munmap(p, want.size());
    ::close(fd);
  }
  ReadCounters warm = mounted_->fs().read_counters();
  EXPECT_EQ(warm.requests, cold.requests);
  EXPECT_EQ(warm.bytes, cold.bytes);
  // The daemon released the chunks the kernel now caches.
  EXPECT_GE(mounted_->fs().reader().stats().chunks_released, 40u);
}

TEST_F(MountTest, TamperedSmallFileGivesEio) {
  StartMount(Request());
  ASSERT_TRUE(WriteFileAtomic(src_ + "/config.json", "{\"arch\":\"evil\"}\n").ok());
  int fd = ::open((mnt_ + "/config.json").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  char buf[64];
  errno = 0;
  EXPECT_EQ(::read(fd, buf, sizeof buf), -1);
  EXPECT_EQ(errno, EIO);
  ::close(fd);
}

TEST_F(MountTest, ConcurrentReadersAtRandomOffsetsGetVerifiedBytes) {
  StartMount(Request());
  const std::string& want = contents_["model/weights.bin"];
  std::atomic<int> mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(t + 1);
      int fd = ::open((mnt_ + "/model/weights.bin").c_str(), O_RDONLY);
      if (fd < 0) {
        ++failures;
        return;
      }
      std::string buf;
      for (int i = 0; i < 150; ++i) {
        uint64_t off = rng() % want.size();
        uint64_t len = 1 + rng() % (3 * kCs);
        buf.resize(len);
        ssize_t n = ::pread(fd, buf.data(), len, static_cast<off_t>(off));
        if (n < 0) {
          ++failures;
          continue;
        }
        if (buf.compare(0, n, want, off, std::min<uint64_t>(len, want.size() - off)) != 0)
          ++mismatches;
      }
      ::close(fd);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(MountTest, MmapSharedAndPrivateReadVerifiedBytes) {
  StartMount(Request());
  const std::string& want = contents_["model/weights.bin"];
  int fd = ::open((mnt_ + "/model/weights.bin").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  for (int flags : {MAP_SHARED, MAP_PRIVATE}) {
    void* p = ::mmap(nullptr, want.size(), PROT_READ, flags, fd, 0);
    ASSERT_NE(p, MAP_FAILED) << "mmap flags " << flags << ": " << std::strerror(errno);
    EXPECT_EQ(std::memcmp(p, want.data(), want.size()), 0);
    ::munmap(p, want.size());
  }
  ::close(fd);
}

TEST_F(MountTest, EveryWriteIsErofs) {
  StartMount(Request());
  auto expect_erofs = [](int rc, const char* what) {
    EXPECT_EQ(rc, -1) << what;
    EXPECT_EQ(errno, EROFS) << what;
  };
  errno = 0;
  expect_erofs(::open((mnt_ + "/config.json").c_str(), O_WRONLY), "open O_WRONLY");
  expect_erofs(::open((mnt_ + "/new").c_str(), O_CREAT | O_WRONLY, 0644), "create");
  expect_erofs(::mkdir((mnt_ + "/d").c_str(), 0755), "mkdir");
  expect_erofs(::unlink((mnt_ + "/config.json").c_str()), "unlink");
  expect_erofs(::rename((mnt_ + "/config.json").c_str(), (mnt_ + "/c2").c_str()), "rename");
  expect_erofs(::chmod((mnt_ + "/config.json").c_str(), 0777), "chmod");
  expect_erofs(::truncate((mnt_ + "/config.json").c_str(), 0), "truncate");
  expect_erofs(::symlink("x", (mnt_ + "/l").c_str()), "symlink");
  struct statvfs sv {};
  ASSERT_EQ(::statvfs(mnt_.c_str(), &sv), 0);
  EXPECT_TRUE(sv.f_flag & ST_RDONLY);
  EXPECT_EQ(::access((mnt_ + "/nope").c_str(), F_OK), -1);
  EXPECT_EQ(errno, ENOENT);
}

TEST_F(MountTest, TraceRecordsOpensAndReadsThatReachTheFilesystem) {
  MountRequest r = Request();
  r.options.trace = dir_ + "/trace.jsonl";
  StartMount(std::move(r));
  EXPECT_EQ(ReadAll(mnt_ + "/model/tok/vocab.txt"), contents_["model/tok/vocab.txt"]);
  auto trace = ReadFileLimited(dir_ + "/trace.jsonl", 1 << 20);
  ASSERT_TRUE(trace.ok());
  std::string pid = std::to_string(::getpid());
  EXPECT_NE(trace->find("{\"event\":\"open\",\"path\":\"model/tok/vocab.txt\",\"pid\":" + pid +
                        ",\"uid\":0,\"command\":\"unit_fs\""),
            std::string::npos)
      << *trace;
  EXPECT_NE(trace->find("{\"event\":\"read\",\"path\":\"model/tok/vocab.txt\",\"pid\":" + pid),
            std::string::npos)
      << *trace;
}

TEST_F(MountTest, DaemonReturnsOnceLiveAndExitsOnUnmount) {
  MountRequest r = Request();
  r.options.foreground = false;
  ASSERT_TRUE(Mount(std::move(r)).ok());
  EXPECT_TRUE(IsMounted());  // live as soon as Mount returned
  EXPECT_EQ(ReadAll(mnt_ + "/config.json"), contents_["config.json"]);
  ASSERT_EQ(::umount2(mnt_.c_str(), 0), 0);
  int status = 0;
  pid_t pid = ::waitpid(-1, &status, 0);  // the daemon is our child
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(IsMounted());
}

TEST_F(MountTest, DaemonExitsOnFusermountUnmount) {
  if (std::system("command -v fusermount3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no fusermount3";
  MountRequest r = Request();
  ASSERT_TRUE(Mount(std::move(r)).ok());
  EXPECT_EQ(ReadAll(mnt_ + "/model/tok/vocab.txt"), contents_["model/tok/vocab.txt"]);
  ASSERT_EQ(std::system(("fusermount3 -u " + mnt_).c_str()), 0);
  int status = 0;
  ASSERT_GT(::waitpid(-1, &status, 0), 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(IsMounted());
}

TEST_F(MountTest, DaemonCreatesSourceFromFactoryAfterFork) {
  MountRequest r = Request();
  r.source = nullptr;
  const std::string src = src_, pid_file = dir_ + "/factory.pid";
  r.source_factory = [src, pid_file]() -> Result<std::shared_ptr<content::BlobSource>> {
    AFS_TRY(WriteFileAtomic(pid_file, std::to_string(::getpid())));
    AFS_ASSIGN_OR_RETURN(auto s, content::LocalBlobSource::Open(src));
    return std::shared_ptr<content::BlobSource>(std::move(s));
  };
  ASSERT_TRUE(Mount(std::move(r)).ok());
  EXPECT_EQ(ReadAll(mnt_ + "/config.json"), contents_["config.json"]);
  EXPECT_NE(ReadAll(pid_file), std::to_string(::getpid()));  // ran in the daemon
  ASSERT_EQ(::umount2(mnt_.c_str(), 0), 0);
  int status = 0;
  ASSERT_GT(::waitpid(-1, &status, 0), 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST_F(MountTest, DaemonReportsMountFailureToParent) {
  MountRequest r = Request();
  r.mountpoint = dir_ + "/does-not-exist";
  auto s = Mount(std::move(r));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("does-not-exist"), std::string::npos) << s.error().message();
}

TEST_F(MountTest, ForegroundMountUnmountsCleanlyOnSigterm) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    MountRequest r = Request();
    r.options.foreground = true;
    ::_exit(Mount(std::move(r)).ok() ? 0 : 1);
  }
  while (!IsMounted()) {
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) FAIL() << "foreground mount exited early";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(ReadAll(mnt_ + "/run.sh"), contents_["run.sh"]);
  ASSERT_EQ(::kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(IsMounted());
}

TEST_F(MountTest, RemoteRandomPartialReadFetchesOnlyTouchedChunks) {
  auto remote = std::make_shared<content::testing::FakeBlobSource>(/*remote=*/true);
  for (const auto& [rel, bytes] : contents_) remote->Set(rel, bytes);
  MountRequest r = Request();
  r.source = remote;
  StartMount(std::move(r));
  int fd = ::open((mnt_ + "/model/weights.bin").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM), 0);  // no kernel read-ahead
  char buf[100];
  for (uint64_t chunk : {17, 3, 40}) {
    ASSERT_EQ(::pread(fd, buf, sizeof buf, static_cast<off_t>(chunk * kCs + 1000)), 100);
    EXPECT_EQ(std::string(buf, 100),
              contents_["model/weights.bin"].substr(chunk * kCs + 1000, 100));
  }
  ::close(fd);
  EXPECT_EQ(remote->bytes_served(), 3 * kCs);  // exactly the three chunks touched
}

TEST_F(MountTest, RemoteTamperIsEioAndRemountWorksOfflineFromVerifiedCache) {
  auto remote = std::make_shared<content::testing::FakeBlobSource>(/*remote=*/true);
  for (const auto& [rel, bytes] : contents_) remote->Set(rel, bytes);
  const std::string cache = dir_ + "/cache";
  {
    remote->SetMode(content::testing::FakeBlobSource::Mode::kTamper);
    MountRequest r = Request();
    r.source = remote;
    r.options.cache = cache;
    StartMount(std::move(r));
    int fd = ::open((mnt_ + "/config.json").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    char buf[64];
    errno = 0;
    EXPECT_EQ(::read(fd, buf, sizeof buf), -1);
    EXPECT_EQ(errno, EIO);
    ::close(fd);
    EXPECT_TRUE(stdfs::is_empty(cache)) << "unverified bytes entered the cache";
    ASSERT_TRUE(mounted_->Unmount().ok());
    watchdog_.Disarm();
  }
  remote->SetMode(content::testing::FakeBlobSource::Mode::kNormal);
  {
    MountRequest r = Request();
    r.source = remote;
    r.options.cache = cache;
    auto m = MountedFs::Start(std::move(r));
    ASSERT_TRUE(m.ok());
    struct stat st {};
    ASSERT_EQ(::stat(mnt_.c_str(), &st), 0);
    Watchdog wd;
    wd.Arm(st.st_dev);
    EXPECT_EQ(ReadAll(mnt_ + "/config.json"), contents_["config.json"]);
    ASSERT_TRUE((*m)->Unmount().ok());
  }
  remote->SetMode(content::testing::FakeBlobSource::Mode::kFail);  // "offline"
  {
    MountRequest r = Request();
    r.source = remote;
    r.options.cache = cache;
    auto m = MountedFs::Start(std::move(r));
    ASSERT_TRUE(m.ok());
    struct stat st {};
    ASSERT_EQ(::stat(mnt_.c_str(), &st), 0);
    Watchdog wd;
    wd.Arm(st.st_dev);
    EXPECT_EQ(ReadAll(mnt_ + "/config.json"), contents_["config.json"]);
    EXPECT_EQ((*m)->fs().reader().stats().disk_hits, 1u);
    EXPECT_EQ((*m)->fs().reader().stats().source_reads, 0u);
    ASSERT_TRUE((*m)->Unmount().ok());
  }
}

// Builds a manifest for every regular file below `root` (chunked at 1 MiB).
attestation::FileManifest ManifestOfDirectory(const std::string& root) {
  attestation::FileManifest m;
  m.chunk_size = 1 << 20;
  for (const auto& e : stdfs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    auto bytes = ReadFileLimited(e.path(), 1ull << 30);
    if (!bytes.ok()) continue;
    m.files.push_back(MakeEntry(e.path().lexically_relative(root).string(), *bytes, m.chunk_size));
  }
  m.Sort();
  return m;
}

TEST_F(MountTest, TesseractReadsItsModelThroughTheMount) {
  const std::string tessdata = "/usr/share/tesseract-ocr/5/tessdata";
  if (::access("/usr/bin/tesseract", X_OK) != 0 ||
      ::access((tessdata + "/eng.traineddata").c_str(), R_OK) != 0) {
    GTEST_SKIP() << "tesseract or tesseract-ocr-eng not installed";
  }
  if (std::system("command -v convert >/dev/null 2>&1") != 0) GTEST_SKIP() << "ImageMagick missing";
  const std::string image = dir_ + "/text.png";
  ASSERT_EQ(
      std::system(("convert -size 900x200 xc:white -font DejaVu-Sans -pointsize 56 -fill black "
                   "-annotate +30+120 'VERIFIED MODEL 42' " +
                   image)
                      .c_str()),
      0);
  // A copy of the model directory is the mount's source, so the test can tamper with it.
  const std::string model = dir_ + "/tessdata";
  ASSERT_EQ(std::system(("cp -r " + tessdata + " " + model).c_str()), 0);
  MountRequest r = Request();
  r.source_name = "dir:" + model;
  r.manifest = ManifestOfDirectory(model);
  r.source = std::move(content::LocalBlobSource::Open(model)).value();
  r.options.trace = dir_ + "/trace.jsonl";
  StartMount(std::move(r));

  const std::string out = dir_ + "/ocr.txt";
  std::string cmd =
      "tesseract " + image + " " + dir_ + "/ocr --tessdata-dir " + mnt_ + " -l eng >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NE(ReadAll(out).find("VERIFIED MODEL 42"), std::string::npos) << ReadAll(out);
  auto trace = ReadFileLimited(dir_ + "/trace.jsonl", 1 << 24);
  ASSERT_TRUE(trace.ok());
  EXPECT_NE(trace->find("\"path\":\"eng.traineddata\""), std::string::npos);
  EXPECT_NE(trace->find("\"command\":\"tesseract\""), std::string::npos);
  EXPECT_EQ(trace->find("\"path\":\"osd.traineddata\""), std::string::npos);

  // Tamper with the backing model after mount, drop the page cache of the mounted file, and
  // tesseract can no longer load it (its reads fail with EIO).
  ASSERT_TRUE(mounted_->Unmount().ok());
  mounted_.reset();
  watchdog_.Disarm();
  int fd = ::open((model + "/eng.traineddata").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "\xff\xff\xff\xff", 4, 2 << 20), 4);
  ::close(fd);
  MountRequest again = Request();
  again.manifest = ManifestOfDirectory(tessdata);  // the attested (original) content
  again.source = std::move(content::LocalBlobSource::Open(model)).value();
  auto m = MountedFs::Start(std::move(again));
  ASSERT_TRUE(m.ok());
  struct stat st {};
  ASSERT_EQ(::stat(mnt_.c_str(), &st), 0);
  Watchdog wd;
  wd.Arm(st.st_dev);
  ::unlink(out.c_str());
  EXPECT_NE(std::system(cmd.c_str()), 0) << "tesseract loaded a tampered model";
  ASSERT_TRUE((*m)->Unmount().ok());
  auto log = ReadFileLimited(dir_ + "/attestfs.log", 1 << 20);
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("verification failed: path=eng.traineddata chunk=2"), std::string::npos)
      << *log;
}

}  // namespace
}  // namespace attestfs::fs

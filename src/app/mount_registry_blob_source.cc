// MountRegistryBlobSource: connection ownership + transfer counters for `-o stats=FILE`, written
// by a thread of their own so the read path never waits on the file.
#include "app/mount_registry_blob_source.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <string_view>

namespace attestfs::app {
namespace {

oci::ConnectionOptions WithCancel(oci::ConnectionOptions o,
                                  std::shared_ptr<const std::atomic<bool>> cancel) {
  o.http.cancel = std::move(cancel);
  return o;
}

}  // namespace

MountRegistryBlobSource::MountRegistryBlobSource(const oci::ConnectionOptions& connection,
                                                 oci::Reference repo, oci::ModelLayout layout,
                                                 std::string stats_path,
                                                 uint64_t verify_bytes_downloaded)
    : cancel_(std::make_shared<std::atomic<bool>>(false)),
      connection_(std::make_unique<oci::RegistryConnection>(WithCancel(connection, cancel_))),
      blobs_(connection_->registry(), std::move(repo), std::move(layout)),
      stats_path_(std::move(stats_path)),
      verify_bytes_downloaded_(verify_bytes_downloaded) {
  if (stats_path_.empty()) return;
  WriteStats();
  writer_ = std::thread([this] { StatsLoop(); });
}

MountRegistryBlobSource::~MountRegistryBlobSource() {
  if (!writer_.joinable()) return;
  {
    MutexLock lock(loop_mu_);
    stop_ = true;
  }
  loop_cv_.NotifyAll();
  writer_.join();
  WriteStats();  // the final counters
}

void MountRegistryBlobSource::StatsLoop() {
  uint64_t written = 0;
  MutexLock lock(loop_mu_);
  while (!stop_) {
    // Sleeps kStatsInterval unless stopped first (a wake-up before then re-checks stop_).
    const auto until = std::chrono::steady_clock::now() + kStatsInterval;
    while (!stop_ && loop_cv_.WaitUntil(loop_mu_, until)) continue;
    if (stop_) break;
    const uint64_t seen = range_reads_.load();
    if (seen == written) continue;
    written = seen;
    lock.Unlock();
    WriteStats();
    lock.Lock();
  }
}

Result<std::string> MountRegistryBlobSource::ReadRange(const attestation::FileEntry& file,
                                                       uint64_t offset, uint64_t length) {
  auto got = blobs_.ReadRange(file, offset, length);
  range_reads_.fetch_add(1);
  if (got.ok()) range_bytes_.fetch_add(got->size());
  return got;
}

void MountRegistryBlobSource::WriteStats() {
  if (stats_path_.empty()) return;
  MutexLock lock(stats_mu_);
  // Counters are read under the lock, so a later write never carries older numbers.
  const auto s = connection_->Stats();
  const std::string line =
      "{\"bytes_downloaded\":" + std::to_string(s.bytes_downloaded) +
      ",\"requests\":" + std::to_string(s.requests) + ",\"retries\":" + std::to_string(s.retries) +
      ",\"range_reads\":" + std::to_string(range_reads_.load()) +
      ",\"range_bytes\":" + std::to_string(range_bytes_.load()) +
      ",\"verify_bytes_downloaded\":" + std::to_string(verify_bytes_downloaded_) + "}\n";
  // Best effort and not fsynced: the file reports progress, it is not state.
  const std::string tmp = stats_path_ + ".tmp";
  ::unlink(tmp.c_str());  // never write through something planted under the temp name
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return;
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (ok) ::rename(tmp.c_str(), stats_path_.c_str());
}

}  // namespace attestfs::app

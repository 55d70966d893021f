// MountRegistryBlobSource: the content source of a registry mount, created in the serving
// process (after the daemon's fork): owns its RegistryConnection and an oci::RegistryBlobSource
// over the pinned manifest's layout. With `stats_path` (-o stats=FILE) a writer thread rewrites
// FILE at most every kStatsInterval while fetches happen, once at start and once at the end, off
// the read path, with the client's transfer counters (one JSON object; temp + rename, so a
// reader never sees a partial file):
//   {"bytes_downloaded":N,"requests":N,"retries":N,"range_reads":N,"range_bytes":N,
//    "verify_bytes_downloaded":N}
// bytes_downloaded counts this process's fetches (chunks); verify_bytes_downloaded is what the
// mount command fetched before mounting (manifest, config, evidence), passed in by the caller.
// Bytes are UNVERIFIED here; content::VerifiedReader checks them before anything is served.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "base/mutex.h"
#include "content/blob_source.h"
#include "oci/model_artifact.h"
#include "oci/reference.h"
#include "oci/registry_blob_source.h"
#include "oci/registry_connection.h"

namespace attestfs::app {

class MountRegistryBlobSource final : public content::BlobSource {
 public:
  // `repo` pinned to the verified manifest digest; `layout` from that manifest.
  MountRegistryBlobSource(const oci::ConnectionOptions& connection, oci::Reference repo,
                          oci::ModelLayout layout, std::string stats_path,
                          uint64_t verify_bytes_downloaded = 0);
  ~MountRegistryBlobSource() override;
  MountRegistryBlobSource(const MountRegistryBlobSource&) = delete;
  MountRegistryBlobSource& operator=(const MountRegistryBlobSource&) = delete;

  static constexpr std::chrono::milliseconds kStatsInterval{100};

  Result<std::string> ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                uint64_t length) override;
  bool IsRemote() const override { return true; }
  void Cancel() override { cancel_->store(true); }

  // Writes the counters now (the writer thread calls it; also at construction and destruction).
  void WriteStats() AFS_EXCLUDES(stats_mu_);

 private:
  void StatsLoop();  // the writer thread: wakes every kStatsInterval, writes when reads happened

  std::shared_ptr<std::atomic<bool>> cancel_;  // set by Cancel, checked by every transfer
  std::unique_ptr<oci::RegistryConnection> connection_;
  oci::RegistryBlobSource blobs_;  // refers to *connection_ (declared before, outlives it)
  std::string stats_path_;
  uint64_t verify_bytes_downloaded_ = 0;
  std::atomic<uint64_t> range_reads_{0};  // the writer rewrites the file when this moved
  std::atomic<uint64_t> range_bytes_{0};
  // Serialises writers of stats_path_ (the temp file name is shared); guards the file, no member.
  Mutex stats_mu_;
  Mutex loop_mu_;
  CondVar loop_cv_;
  bool stop_ AFS_GUARDED_BY(loop_mu_) = false;
  std::thread writer_;  // only with a stats path
};

}  // namespace attestfs::app

// EarlyUploads: large files uploaded while they are still being hashed. An upload needs the
// blob's digest only at its very end (the final PUT ?digest=, which the registry checks against
// every byte it received), so `push` starts a chunked upload (POST, PATCH...) of each large file
// as soon as the scan has walked the tree, and PushModel finishes it (FinishUpload) with the
// digest the scan computed. A file that changed in between fails that PUT (DIGEST_INVALID):
// nothing unverified is ever published. An upload that failed, or was never started, is simply
// done again the ordinary way; one whose blob turns out to exist is cancelled.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "oci/reference.h"

namespace attestfs::oci {

class RegistryClient;

// Files smaller than this are not worth an early upload (the ordinary push is quick enough).
inline constexpr uint64_t kEarlyUploadMinBytes = 64ull << 20;

class EarlyUploads {
 public:
  // Uploads to `repo` on `workers` background threads (at least one).
  EarlyUploads(RegistryClient& client, Reference repo, int workers);
  // Cancels what is still queued or running, joins the workers, and abandons (DELETE) every
  // upload nobody took.
  ~EarlyUploads();
  EarlyUploads(const EarlyUploads&) = delete;
  EarlyUploads& operator=(const EarlyUploads&) = delete;

  // Queues root/path (`size` bytes; `path` relative to root, as in the FileManifest).
  void Add(const std::string& root, const std::string& path, uint64_t size);
  // For PushModel: waits for the upload of `path` and returns its location, ready for
  // FinishUpload; nullopt when there is none (not queued, failed, or not started yet — a queued
  // one is dropped). Each path can be taken once.
  std::optional<std::string> Take(const std::string& path);
  // The registry has the blob already: cancel the upload of `path` (queued or running).
  void Cancel(const std::string& path);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace attestfs::oci

// FakeBlobSource: an in-memory BlobSource for tests that can tamper with, truncate, fail or
// stall reads on demand, records every ReadRange call, and can pretend to be remote.
// Header-only so both unit_content and unit_fs can use it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "content/blob_source.h"
#include "digest/sha256_hasher.h"

namespace attestfs::content::testing {

class FakeBlobSource : public BlobSource {
 public:
  enum class Mode { kNormal, kTamper, kTamperOnce, kTruncate, kFail, kStall };
  struct Call {
    std::string path;
    uint64_t offset;
    uint64_t length;
  };

  explicit FakeBlobSource(bool remote = false) : remote_(remote) {}

  void Set(const std::string& path, std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    files_[path] = std::move(bytes);
  }
  // Changes the backing bytes after the manifest was built (like editing the local file).
  void Overwrite(const std::string& path, uint64_t offset, char c) {
    std::lock_guard<std::mutex> lock(mu_);
    files_[path][offset] = c;
  }
  void SetMode(Mode m) {
    std::lock_guard<std::mutex> lock(mu_);
    mode_ = m;
  }
  // Lets stalled calls proceed (with the current mode's behaviour, kStall acting as kNormal).
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  size_t stalled() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stalled_;
  }
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  uint64_t bytes_served() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_served_;
  }

  bool IsRemote() const override { return remote_; }

  Result<std::string> ReadRange(const attestation::FileEntry& file, uint64_t offset,
                                uint64_t length) override {
    std::unique_lock<std::mutex> lock(mu_);
    calls_.push_back({file.path, offset, length});
    if (mode_ == Mode::kStall) {
      ++stalled_;
      cv_.wait(lock, [this] { return released_; });
      --stalled_;
    }
    if (mode_ == Mode::kFail) return Error(Errc::kNetwork, "fake source: injected failure");
    auto it = files_.find(file.path);
    if (it == files_.end()) return Error(Errc::kNotFound, file.path + ": not in fake source");
    const std::string& data = it->second;
    if (offset >= data.size()) return std::string();
    std::string out = data.substr(offset, length);
    if ((mode_ == Mode::kTamper || mode_ == Mode::kTamperOnce) && !out.empty()) {
      out[out.size() / 2] ^= 0x5a;
      if (mode_ == Mode::kTamperOnce) mode_ = Mode::kNormal;
    }
    if (mode_ == Mode::kTruncate && !out.empty()) out.resize(out.size() - 1);
    bytes_served_ += out.size();
    return out;
  }

 private:
  bool remote_;
  mutable std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  std::map<std::string, std::string> files_;
  Mode mode_ = Mode::kNormal;
  bool released_ = false;
  size_t stalled_ = 0;
  std::vector<Call> calls_;
  uint64_t bytes_served_ = 0;
};

// Builds a manifest entry (with a chunk index when larger than chunk_size) for `bytes`.
inline attestation::FileEntry MakeEntry(const std::string& path, const std::string& bytes,
                                        uint64_t chunk_size, bool executable = false) {
  attestation::FileEntry e;
  e.path = path;
  e.size = bytes.size();
  e.sha256 = digest::Sha256(bytes);
  e.executable = executable;
  if (bytes.size() > chunk_size) {
    for (uint64_t off = 0; off < bytes.size(); off += chunk_size) {
      e.chunks.push_back(digest::Sha256(std::string_view(bytes).substr(off, chunk_size)));
    }
  }
  return e;
}

// Deterministic pseudo-random bytes.
inline std::string PatternBytes(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = static_cast<char>(x & 0xff);
  }
  return s;
}

}  // namespace attestfs::content::testing

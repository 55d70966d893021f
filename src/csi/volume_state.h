// VolumeState: the plugin's record of what it published — one JSON file per target path under
// STATE_DIR/volumes (written atomically), so a restarted plugin knows which mounts are its own,
// answers a repeated publish idempotently and can unpublish what an earlier process mounted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace attestfs::csi {

struct VolumeRecord {
  std::string volume_id;
  std::string target_path;
  std::string source;
  std::string options;
  std::string fingerprint;
  int64_t published_at = 0;  // unix seconds
};

class VolumeState {
 public:
  // Creates STATE_DIR/volumes (0700) when missing.
  static Result<VolumeState> Open(const std::string& state_dir);

  Status Save(const VolumeRecord& record) const;
  std::optional<VolumeRecord> Find(const std::string& target_path) const;
  Status Remove(const std::string& target_path) const;
  // Every readable record (unreadable or malformed files are skipped and named in `problems`).
  std::vector<VolumeRecord> List(std::vector<std::string>* problems = nullptr) const;

  const std::string& dir() const { return dir_; }

 private:
  explicit VolumeState(std::string dir) : dir_(std::move(dir)) {}
  std::string PathFor(const std::string& target_path) const;
  std::string dir_;
};

}  // namespace attestfs::csi

// VolumeState: records named by the SHA-256 of their target path.
#include "csi/volume_state.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"

namespace attestfs::csi {

namespace {
Status MakeDir(const std::string& d) {
  if (::mkdir(d.c_str(), 0700) != 0 && errno != EEXIST) {
    return Error(Errc::kIo, "create " + d + ": " + std::strerror(errno));
  }
  return OkStatus();
}

std::optional<VolumeRecord> Parse(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  VolumeRecord r;
  try {
    r.volume_id = j.at("volumeId").get<std::string>();
    r.target_path = j.at("targetPath").get<std::string>();
    r.source = j.at("source").get<std::string>();
    r.options = j.at("options").get<std::string>();
    r.fingerprint = j.at("fingerprint").get<std::string>();
    r.published_at = j.value("publishedAt", int64_t{0});
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return r;
}
}  // namespace

Result<VolumeState> VolumeState::Open(const std::string& state_dir) {
  AFS_TRY(MakeDir(state_dir));
  const std::string dir = state_dir + "/volumes";
  AFS_TRY(MakeDir(dir));
  return VolumeState(dir);
}

std::string VolumeState::PathFor(const std::string& target_path) const {
  digest::Sha256Hasher h;
  h.Update(target_path);
  return dir_ + "/" + h.Finish().ToString().substr(7) + ".json";
}

Status VolumeState::Save(const VolumeRecord& r) const {
  nlohmann::json j = {{"volumeId", r.volume_id},      {"targetPath", r.target_path},
                      {"source", r.source},           {"options", r.options},
                      {"fingerprint", r.fingerprint}, {"publishedAt", r.published_at}};
  return WriteFileAtomic(PathFor(r.target_path), j.dump(2) + "\n", 0600);
}

std::optional<VolumeRecord> VolumeState::Find(const std::string& target_path) const {
  auto text = ReadFileLimited(PathFor(target_path), 1 << 20);
  if (!text.ok()) return std::nullopt;
  auto r = Parse(*text);
  if (!r || r->target_path != target_path) return std::nullopt;
  return r;
}

Status VolumeState::Remove(const std::string& target_path) const {
  const std::string p = PathFor(target_path);
  if (::unlink(p.c_str()) != 0 && errno != ENOENT) {
    return Error(Errc::kIo, "remove " + p + ": " + std::strerror(errno));
  }
  return OkStatus();
}

std::vector<VolumeRecord> VolumeState::List(std::vector<std::string>* problems) const {
  std::vector<VolumeRecord> out;
  DIR* d = ::opendir(dir_.c_str());
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (!name.ends_with(".json")) continue;
    auto text = ReadFileLimited(dir_ + "/" + name, 1 << 20);
    auto r = text.ok() ? Parse(*text) : std::nullopt;
    if (r) {
      out.push_back(std::move(*r));
    } else if (problems != nullptr) {
      problems->push_back(dir_ + "/" + name + ": unreadable volume record");
    }
  }
  ::closedir(d);
  return out;
}

}  // namespace attestfs::csi

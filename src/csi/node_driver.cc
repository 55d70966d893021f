// NodeDriver: per-volume locks, the publish/unpublish state machine, recovery.
#include "csi/node_driver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "csi/cache_trimmer.h"

namespace attestfs::csi {

namespace {
CsiStatus Fail(CsiCode code, std::string message) { return {code, std::move(message)}; }
}  // namespace

Result<std::unique_ptr<NodeDriver>> NodeDriver::Create(const DriverConfig& config,
                                                       std::unique_ptr<MountRunner> runner) {
  AFS_ASSIGN_OR_RETURN(auto state, VolumeState::Open(config.state_dir));
  return std::unique_ptr<NodeDriver>(new NodeDriver(config, std::move(runner), std::move(state)));
}

std::shared_ptr<Mutex> NodeDriver::VolumeLock(const std::string& volume_id) {
  MutexLock lock(mu_);
  auto& slot = locks_[volume_id];
  if (!slot) slot = std::make_shared<Mutex>();
  return slot;
}

CsiStatus NodeDriver::MountAt(const MountPlan& plan, const PublishRequest& r) {
  // The kubelet creates the target's parent; the target itself may or may not exist.
  if (::mkdir(r.target_path.c_str(), 0750) != 0 && errno != EEXIST) {
    return Fail(CsiCode::kInternal, "create target " + r.target_path + ": " + std::strerror(errno));
  }
  Status mounted = runner_->Mount(plan.source, r.target_path, plan.options);
  if (!mounted.ok()) {
    ::rmdir(r.target_path.c_str());  // nothing is left behind at the target
    return Fail(CsiCodeFor(mounted.error().code()),
                "attestfs: " + plan.source + ": " + mounted.error().message());
  }
  VolumeRecord rec{r.volume_id,  r.target_path,    plan.source,
                   plan.options, plan.fingerprint, static_cast<int64_t>(std::time(nullptr))};
  if (Status s = state_.Save(rec); !s.ok()) {
    (void)runner_->Unmount(r.target_path);
    ::rmdir(r.target_path.c_str());
    return Fail(CsiCode::kInternal, "record volume " + r.volume_id + ": " + s.error().message());
  }
  return CsiStatus::Ok();
}

CsiStatus NodeDriver::Publish(const PublishRequest& r) {
  auto plan = PlanMount(r, config_);
  if (!plan.ok()) return Fail(CsiCodeFor(plan.error().code()), plan.error().message());
  auto vol = VolumeLock(r.volume_id);
  MutexLock lock(*vol);
  if (auto rec = state_.Find(r.target_path)) {
    if (rec->fingerprint != plan->fingerprint || rec->volume_id != r.volume_id) {
      return Fail(CsiCode::kAlreadyExists, "target " + r.target_path +
                                               " is already published as volume " + rec->volume_id +
                                               " with other attributes (" + rec->source + ")");
    }
    if (runner_->IsMounted(r.target_path) && !runner_->IsDead(r.target_path)) {
      return CsiStatus::Ok();  // idempotent
    }
    // Recorded but its daemon is gone: mount again.
    (void)runner_->Unmount(r.target_path);
  } else if (runner_->IsMounted(r.target_path)) {
    return Fail(
        CsiCode::kAlreadyExists,
        "target " + r.target_path + " already holds an attestfs mount this plugin did not make");
  }
  CsiStatus s = MountAt(*plan, r);
  if (s.ok()) TrimCache();
  return s;
}

CsiStatus NodeDriver::Unpublish(const std::string& volume_id, const std::string& target) {
  if (volume_id.empty()) return Fail(CsiCode::kInvalidArgument, "volume_id is required");
  if (target.empty()) return Fail(CsiCode::kInvalidArgument, "target_path is required");
  if (target[0] != '/') return Fail(CsiCode::kInvalidArgument, "target_path must be absolute");
  auto vol = VolumeLock(volume_id);
  MutexLock lock(*vol);
  auto rec = state_.Find(target);
  if (rec && rec->volume_id != volume_id) {
    return Fail(CsiCode::kNotFound,
                "target " + target + " holds volume " + rec->volume_id + ", not " + volume_id);
  }
  if (runner_->IsMounted(target)) {
    if (Status s = runner_->Unmount(target); !s.ok()) {
      return Fail(CsiCode::kInternal, s.error().message());
    }
  }
  if (::rmdir(target.c_str()) != 0 && errno != ENOENT) {
    return Fail(CsiCode::kInternal, "remove target " + target + ": " + std::strerror(errno));
  }
  if (Status s = state_.Remove(target); !s.ok()) {
    return Fail(CsiCode::kInternal, s.error().message());
  }
  return CsiStatus::Ok();
}

std::vector<std::string> NodeDriver::Recover() {
  std::vector<std::string> log;
  std::vector<std::string> problems;
  for (const auto& rec : state_.List(&problems)) {
    auto vol = VolumeLock(rec.volume_id);
    MutexLock lock(*vol);
    struct stat st {};
    const bool mounted = runner_->IsMounted(rec.target_path);
    const bool dead = mounted && runner_->IsDead(rec.target_path);
    if (mounted && !dead) {
      log.push_back("volume " + rec.volume_id + " at " + rec.target_path + ": mounted, kept");
      continue;
    }
    if (dead) (void)runner_->Unmount(rec.target_path);
    if (::stat(rec.target_path.c_str(), &st) != 0) {
      (void)state_.Remove(rec.target_path);
      log.push_back("volume " + rec.volume_id + " at " + rec.target_path +
                    ": target gone, record removed");
      continue;
    }
    Status s = runner_->Mount(rec.source, rec.target_path, rec.options);
    log.push_back("volume " + rec.volume_id + " at " + rec.target_path +
                  (s.ok() ? ": daemon was gone, mounted again"
                          : ": daemon was gone, mounting again failed: " + s.error().message()));
  }
  for (auto& p : problems) log.push_back(std::move(p));
  return log;
}

void NodeDriver::TrimCache() {
  MutexLock lock(trim_mu_);
  (void)csi::TrimCache(config_.cache_dir, config_.cache_max_bytes);
}

}  // namespace attestfs::csi

// AccessTrace implementation (nlohmann/json for escaping; one write(2) per line).
#include "fuse/access_trace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "base/file_io.h"

namespace attestfs::fs {

// /proc/<pid>/comm is at most TASK_COMM_LEN (16) bytes; anything longer is not a comm file.
constexpr uint64_t kMaxCommBytes = 4096;

std::string ProcessCommand(int pid) {
  if (pid <= 0) return "";
  auto comm = ReadFileLimited("/proc/" + std::to_string(pid) + "/comm", kMaxCommBytes);
  if (!comm.ok()) return "";
  std::string s = std::move(comm).value();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s;
}

Result<std::unique_ptr<AccessTrace>> AccessTrace::Open(const std::string& path,
                                                       std::shared_ptr<const Clock> clock,
                                                       CommandLookup command) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return ErrnoError("open trace file " + path, errno);
  if (!clock) clock = std::make_shared<SystemClock>();
  if (!command) command = ProcessCommand;
  return std::unique_ptr<AccessTrace>(
      new AccessTrace(std::move(fd), std::move(clock), std::move(command)));
}

void AccessTrace::RecordOpen(const std::string& path, int pid, uint32_t uid) {
  nlohmann::ordered_json j;
  j["event"] = "open";
  j["path"] = path;
  j["pid"] = pid;
  j["uid"] = uid;
  j["command"] = command_(pid);
  j["time"] = FormatRfc3339(clock_->NowUnixSeconds());
  WriteLine(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessTrace::RecordRead(const std::string& path, int pid, uint32_t uid, uint64_t offset,
                             uint64_t length, bool ok) {
  nlohmann::ordered_json j;
  j["event"] = "read";
  j["path"] = path;
  j["pid"] = pid;
  j["uid"] = uid;
  j["offset"] = offset;
  j["length"] = length;
  j["time"] = FormatRfc3339(clock_->NowUnixSeconds());
  if (!ok) j["error"] = "EIO";
  WriteLine(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessTrace::WriteLine(std::string line) {
  line += '\n';
  // O_APPEND + one write: the line lands whole at the end even with concurrent writers.
  ssize_t n;
  do {
    n = ::write(fd_.get(), line.data(), line.size());
  } while (n < 0 && errno == EINTR);
}

}  // namespace attestfs::fs

// CheckMountpoint and the /proc/self/mountinfo reader. No FUSE headers: plain syscalls and text.
#include "fuse/mountinfo.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <sstream>

#include "base/file_io.h"

namespace attestfs::fs {
namespace {

// /proc/self/mountinfo is read once per mount to find the mount's device number.
constexpr uint64_t kMaxMountInfoBytes = 16ull << 20;

}  // namespace

Status CheckMountpoint(const std::string& mountpoint) {
  struct stat st;
  if (::stat(mountpoint.c_str(), &st) != 0) {
    if (errno == ENOTCONN) {
      return Error(Errc::kIo, "mount " + mountpoint +
                                  ": a dead FUSE mount is still there (its daemon is gone: "
                                  "transport endpoint is not connected); unmount it first: "
                                  "umount " +
                                  mountpoint);
    }
    return ErrnoError("mount " + mountpoint, errno);
  }
  if (!S_ISDIR(st.st_mode)) return Error(Errc::kUsage, "mount " + mountpoint + ": not a directory");
  return OkStatus();
}

std::string UnescapeMountField(std::string_view f) {
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\' && i + 3 < f.size() && octal(f[i + 1]) && octal(f[i + 2]) && octal(f[i + 3])) {
      out += static_cast<char>((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 + (f[i + 3] - '0'));
      i += 3;
      continue;
    }
    out += f[i];
  }
  return out;
}

std::string FindAttestfsMountDevice(std::string_view mountinfo, const std::string& mountpoint) {
  std::istringstream lines{std::string(mountinfo)};
  std::string line, found;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string id, parent, dev, root, point, f;
    if (!(fields >> id >> parent >> dev >> root >> point)) continue;
    while (fields >> f && f != "-") {
    }
    std::string fstype;
    if (!(fields >> fstype) || fstype != "fuse.attestfs") continue;
    if (UnescapeMountField(point) == mountpoint) found = dev;
  }
  return found;
}

std::string MountDeviceId(const std::string& mountpoint) {
  auto info = ReadFileLimited("/proc/self/mountinfo", kMaxMountInfoBytes);
  if (!info.ok()) return "";
  return FindAttestfsMountDevice(*info, mountpoint);
}

}  // namespace attestfs::fs

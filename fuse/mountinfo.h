// What the mount code learns from the system about a mountpoint, without FUSE headers: whether
// it can be mounted on (CheckMountpoint) and, from /proc/self/mountinfo, the device number of
// the attestfs mount there (MountDeviceId, for the sysfs read-ahead knob). It does not mount,
// and it never stat(2)s a mount that is being set up (that would block until its loop runs).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace attestfs::fs {

// OkStatus when `mountpoint` is an existing directory. A mountpoint whose FUSE daemon died
// answers ENOTCONN; that is an error naming the fix (umount), since mounting there again would
// stack a second mount over the dead one. Blocks as long as stat(2) of `mountpoint` does (a
// mountpoint inside a hung FUSE mount blocks it: see Mount's timeout=).
Status CheckMountpoint(const std::string& mountpoint);

// Undoes mountinfo's octal escapes (\040 for a space, \011, \012, \134).
std::string UnescapeMountField(std::string_view field);

// "major:minor" of the last fuse.attestfs mount at `mountpoint` (canonical path) in the text of
// a mountinfo file; "" if there is none.
std::string FindAttestfsMountDevice(std::string_view mountinfo, const std::string& mountpoint);

// FindAttestfsMountDevice over this process's /proc/self/mountinfo ("" if it cannot be read).
std::string MountDeviceId(const std::string& mountpoint);

}  // namespace attestfs::fs

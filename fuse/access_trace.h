// AccessTrace: the `-o trace=FILE` writer. One JSON object per line (JSON Lines), appended with a
// single write(2) per event on an O_APPEND descriptor, so concurrent FUSE threads never
// interleave lines. Events: open (path, pid, uid, command from /proc/<pid>/comm, time) and read
// (path, pid, uid, offset, length, time) for reads that REACH the filesystem: page-cache hits and
// pages of mmapped files already cached never do. Format: docs/trace-format.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "base/unique_fd.h"

namespace attestfs::fs {

class AccessTrace {
 public:
  using CommandLookup = std::function<std::string(int pid)>;

  // Opens (creates 0600, appends to) `path`. `clock` and `command` default to the system clock
  // and /proc/<pid>/comm.
  static Result<std::unique_ptr<AccessTrace>> Open(const std::string& path,
                                                   std::shared_ptr<const Clock> clock = nullptr,
                                                   CommandLookup command = nullptr);

  void RecordOpen(const std::string& path, int pid, uint32_t uid);
  void RecordRead(const std::string& path, int pid, uint32_t uid, uint64_t offset, uint64_t length,
                  bool ok);

 private:
  AccessTrace(UniqueFd fd, std::shared_ptr<const Clock> clock, CommandLookup command)
      : fd_(std::move(fd)), clock_(std::move(clock)), command_(std::move(command)) {}
  void WriteLine(std::string line);

  UniqueFd fd_;
  std::shared_ptr<const Clock> clock_;
  CommandLookup command_;
};

// The command name of a process (/proc/<pid>/comm without the newline), "" when unknown.
std::string ProcessCommand(int pid);

}  // namespace attestfs::fs

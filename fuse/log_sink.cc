// MakeLogSink implementation: O_APPEND file with one write(2) per line, or syslog(3).
#include "fuse/log_sink.h"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "base/clock.h"
#include "base/unique_fd.h"

namespace attestfs::fs {

Result<content::LogSink> MakeLogSink(const std::string& log_file, bool also_stderr) {
  if (log_file.empty()) {
    ::openlog("attestfs", LOG_PID, LOG_DAEMON);
    return content::LogSink([also_stderr](std::string_view line) {
      ::syslog(LOG_ERR, "%.*s", static_cast<int>(line.size()), line.data());
      if (also_stderr)
        std::fprintf(stderr, "attestfs: %.*s\n", static_cast<int>(line.size()), line.data());
    });
  }
  auto fd = std::make_shared<UniqueFd>(
      ::open(log_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd->valid()) return ErrnoError("open log file " + log_file, errno);
  return content::LogSink([fd, also_stderr](std::string_view line) {
    SystemClock clock;
    std::string text = FormatRfc3339(clock.NowUnixSeconds()) + " attestfs[" +
                       std::to_string(::getpid()) + "]: " + std::string(line) + "\n";
    ssize_t n;
    do {
      n = ::write(fd->get(), text.data(), text.size());
    } while (n < 0 && errno == EINTR);
    if (also_stderr) std::fputs(text.c_str(), stderr);
  });
}

}  // namespace attestfs::fs

// SubprocessMountRunner: fork + exec of `attestfs mount`, its stderr and status pipe read until
// it exits (not until EOF: the FUSE daemon it leaves behind inherits the pipes' write ends).
#include "csi/mount_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "csi/csi_status.h"
#include "fuse/mountinfo.h"

namespace attestfs::csi {

namespace {

void Drain(int fd, std::string* out) {
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return;
    if (out->size() < (64u << 10)) out->append(buf, static_cast<size_t>(n));
  }
}

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace

Status SubprocessMountRunner::Mount(const std::string& source, const std::string& target,
                                    const std::string& options) {
  int err_pipe[2], status_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0)
    return Error(Errc::kIo, "pipe: " + std::string(std::strerror(errno)));
  if (::pipe2(status_pipe, O_CLOEXEC) != 0) {
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    return Error(Errc::kIo, "pipe: " + std::string(std::strerror(errno)));
  }
  std::vector<std::string> args = {exe_, "mount", source,        target,
                                   "-o", options, "--status-fd", "3"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return Error(Errc::kIo, "fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The server blocks SIGTERM/SIGINT in its threads;
    // the mount and its daemon must get them.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
    }
    ::dup2(err_pipe[1], 2);
    if (status_pipe[1] == 3) {
      ::fcntl(3, F_SETFD, 0);
    } else {
      ::dup2(status_pipe[1], 3);  // dup2 clears FD_CLOEXEC on the copy
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(err_pipe[1]);
  ::close(status_pipe[1]);
  ::fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  ::fcntl(status_pipe[0], F_SETFL, O_NONBLOCK);
  std::string err_text, status_text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s_);
  int wstatus = 0;
  bool exited = false, timed_out = false;
  while (!exited) {
    pollfd fds[2] = {{err_pipe[0], POLLIN, 0}, {status_pipe[0], POLLIN, 0}};
    ::poll(fds, 2, 50);
    Drain(err_pipe[0], &err_text);
    Drain(status_pipe[0], &status_text);
    const pid_t w = ::waitpid(pid, &wstatus, WNOHANG);
    if (w == pid) {
      exited = true;
    } else if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &wstatus, 0);
      timed_out = true;
      exited = true;
    }
  }
  Drain(err_pipe[0], &err_text);
  Drain(status_pipe[0], &status_text);
  ::close(err_pipe[0]);
  ::close(status_pipe[0]);
  if (timed_out) {
    return Error(Errc::kTimeout, "mount of " + source + " did not finish within " +
                                     std::to_string(timeout_s_) + " s");
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return OkStatus();
  // "<errc name>\t<message>" from --status-fd; else the last line of stderr.
  const std::string line = LastLine(status_text);
  const size_t tab = line.find('\t');
  if (tab != std::string::npos) {
    return Error(ErrcFromName(line.substr(0, tab)), line.substr(tab + 1));
  }
  std::string why = LastLine(err_text);
  if (why.empty()) {
    why = WIFEXITED(wstatus) ? "exit " + std::to_string(WEXITSTATUS(wstatus))
                             : "killed by signal " + std::to_string(WTERMSIG(wstatus));
  }
  return Error(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 2 ? Errc::kUsage : Errc::kInternal,
               "attestfs mount: " + why);
}

Status SubprocessMountRunner::Unmount(const std::string& target) {
  if (::umount2(target.c_str(), 0) == 0) return OkStatus();
  if (errno == EINVAL || errno == ENOENT) return OkStatus();  // not a mountpoint (any more)
  if (errno == EBUSY && ::umount2(target.c_str(), MNT_DETACH) == 0) return OkStatus();
  return Error(Errc::kIo, "unmount " + target + ": " + std::strerror(errno));
}

bool SubprocessMountRunner::IsMounted(const std::string& target) {
  return !fs::MountDeviceId(target).empty();
}

bool SubprocessMountRunner::IsDead(const std::string& target) {
  struct stat st {};
  return ::stat(target.c_str(), &st) != 0 && errno == ENOTCONN;
}

}  // namespace attestfs::csi

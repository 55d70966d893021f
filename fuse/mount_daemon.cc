// Mount(): serving a FuseSession in the foreground, or daemonized — fork, the child mounts and
// reports through a readiness pipe, the parent returns once the mount is live, or kills the
// child when it has not reported within -o timeout= — and the signal handling both share
// (SIGTERM/SIGINT/SIGHUP unmount cleanly). No FUSE headers: the session (fuse_session.h) owns
// everything libfuse.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <string>
#include <thread>

#include "fuse/fuse_session.h"
#include "fuse/mount.h"

namespace attestfs::fs {
namespace {

// "on, 2 opens (1 ordinary), 1 backing file, 1 verified copy (N bytes)" for the unmount line.
std::string PassthroughSummary(const FuseSession& session) {
  if (!session.passthrough_active()) return "off";
  PassthroughCounters c = session.passthrough_counters();
  content::BackingFileStats b = session.backing_stats();
  return "on, " + std::to_string(c.passthrough_opens) + " passthrough opens, " +
         std::to_string(c.cached_opens) + " ordinary, " + std::to_string(c.backing_files) +
         " backing files (" + std::to_string(c.backing_failures) + " refused), " +
         std::to_string(b.files_complete) + " verified copies, " + std::to_string(b.bytes_written) +
         " bytes copied";
}

// Runs the loop in this thread; SIGTERM/SIGINT/SIGHUP (blocked in every thread, taken by a
// signal thread with sigwait) detach the mount so the loop ends cleanly.
Status ServeWithSignals(FuseSession& session) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&set, s);
  std::thread signals([&session, set] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0 || sig == SIGUSR1) return;  // SIGUSR1: the loop ended
    session.Log(std::string("signal ") + strsignal(sig) + ": unmounting " + session.mountpoint());
    session.Detach();
  });
  int rc = session.Run();
  session.fs().reader().CancelSource();  // umount: read-ahead still fetching must end, not linger
  pthread_kill(signals.native_handle(), SIGUSR1);
  signals.join();
  ReadCounters served = session.fs().read_counters();
  content::ReaderStats st = session.fs().reader().stats();
  session.Log("unmounted " + session.mountpoint() + " (" + std::to_string(served.requests) +
              " read requests, " + std::to_string(served.bytes) +
              " bytes served; chunks: " + std::to_string(st.chunks_verified) + " verified, " +
              std::to_string(st.read_ahead_chunks) + " read ahead, " +
              std::to_string(st.joined_flights) + " joined in flight, " +
              std::to_string(st.chunks_released) +
              " released once served; passthrough: " + PassthroughSummary(session) + ")");
  if (rc != 0) return Error(Errc::kIo, "fuse loop ended with status " + std::to_string(rc));
  return OkStatus();
}

// Blocks the signals ServeWithSignals takes, in this thread and every thread it starts later.
class ScopedSignalMask {
 public:
  ScopedSignalMask() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&set, s);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~ScopedSignalMask() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

void WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// The forked child: mounts, reports "K" (live) or "E<message>" on `ready_fd`, then serves.
[[noreturn]] void RunDaemonChild(MountRequest req, int ready_fd) {
  ::setsid();
  ScopedSignalMask mask;  // before any thread exists
  auto session = FuseSession::Create(std::move(req));
  if (!session.ok()) {
    WriteAll(ready_fd, "E" + session.error().message());
    ::_exit(32);
  }
  WriteAll(ready_fd, "K");  // the mount is live
  ::close(ready_fd);
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::close(null);
  }
  if (::chdir("/") != 0) {
    // not fatal: the daemon holds no relative paths
  }
  Status s = ServeWithSignals(**session);
  session->reset();
  ::_exit(s.ok() ? 0 : 1);
}

// What the parent learned from the readiness pipe.
struct Readiness {
  enum class State { kReport, kTimedOut, kPollFailed } state = State::kReport;
  std::string msg;  // kReport: "K" (live), "E<message>", or empty (the child exited silently)
  int err = 0;      // kPollFailed: errno
};

// Reads the child's report from `fd` until "K", end of file, or `timeout` from now.
Readiness AwaitReport(int fd, std::chrono::seconds timeout) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  Readiness r;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      r.state = Readiness::State::kTimedOut;
      return r;
    }
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<decltype(left)>(left, INT_MAX)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      r.state = Readiness::State::kPollFailed;
      r.err = errno;
      return r;
    }
    if (ready == 0) continue;  // the deadline is checked above
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return r;
    r.msg.append(buf, static_cast<size_t>(n));
    if (r.msg == "K") return r;
  }
}

// A child that SIGKILL could not end within this long (stuck in an uninterruptible sleep) is
// left for init to reap: the mount command must not hang on it.
constexpr std::chrono::seconds kReapGrace{5};

// Kills the child and its process group (it called setsid; the group also holds a fusermount3
// it may have started) and reaps it. False if it was still not gone after kReapGrace.
bool KillAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);  // in case it had not called setsid yet
  const auto deadline = std::chrono::steady_clock::now() + kReapGrace;
  for (;;) {
    pid_t done = ::waitpid(pid, nullptr, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

Status Mount(MountRequest request) {
  if (request.options.foreground) {
    ScopedSignalMask mask;
    AFS_ASSIGN_OR_RETURN(auto session, FuseSession::Create(std::move(request)));
    return ServeWithSignals(*session);
  }
  const std::string mountpoint = request.mountpoint;
  const int timeout_s = std::max(1, request.options.mount_timeout_seconds);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return ErrnoError("pipe", errno);
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return ErrnoError("fork", err);
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunDaemonChild(std::move(request), fds[1]);
  }
  ::close(fds[1]);
  Readiness ready = AwaitReport(fds[0], std::chrono::seconds(timeout_s));
  ::close(fds[0]);
  if (ready.state != Readiness::State::kReport) {
    bool reaped = KillAndReap(pid);
    std::string fate = reaped ? "it was killed" : "it was sent SIGKILL but has not exited yet";
    if (ready.state == Readiness::State::kPollFailed) {
      return ErrnoError("mount " + mountpoint + ": waiting for the mount daemon (" + fate + ")",
                        ready.err);
    }
    return Error(Errc::kTimeout, "mount " + mountpoint +
                                     ": the mount daemon did not report the mount live within " +
                                     std::to_string(timeout_s) + " s (-o timeout=); " + fate);
  }
  const std::string& msg = ready.msg;
  if (msg == "K") return OkStatus();
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!msg.empty() && msg[0] == 'E') return Error(Errc::kIo, msg.substr(1));
  return Error(Errc::kIo, "mount daemon exited before the mount was live (status " +
                              std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace attestfs::fs

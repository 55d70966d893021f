// Progress flags -> TerminalProgress on stderr (width from TIOCGWINSZ, default 80) or nothing.
#include "cli/progress_options.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/terminal_progress.h"

namespace attestfs::cli {

namespace {

constexpr int kDefaultColumns = 80;

int TerminalColumns(int fd) {
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return kDefaultColumns;
}

}  // namespace

void AddProgressFlags(CLI::App* cmd, ProgressFlags* f) {
  cmd->add_option("--progress", f->mode,
                  "progress on stderr: auto (only when stderr is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", f->quiet, "no progress output");
}

std::unique_ptr<ProgressSink> MakeProgressSink(const ProgressFlags& f) {
  if (f.quiet || f.mode == "never") return nullptr;
  if (f.mode == "auto" && ::isatty(STDERR_FILENO) != 1) return nullptr;
  return std::make_unique<TerminalProgress>([] { return std::chrono::steady_clock::now(); },
                                            [](std::string_view s) {
                                              std::fwrite(s.data(), 1, s.size(), stderr);
                                              std::fflush(stderr);
                                            },
                                            TerminalColumns(STDERR_FILENO));
}

}  // namespace attestfs::cli

// TerminalProgress: the CLI's ProgressSink — a block of lines on a terminal (one per running
// task: label, bytes done / total, percent, rate, time left; a total line when there is more than
// one task), redrawn in place with ANSI cursor movement at most every kRedrawInterval; once every
// task is done, a final block (each task's line and the total) stays on screen. It only
// formats and writes: whether to show progress at all (--progress, --quiet, isatty) is decided
// by progress_options.h, and the clock, width and output are injected so tests can fix them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "base/progress_sink.h"

namespace attestfs::cli {

class TerminalProgress final : public ProgressSink {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Writer = std::function<void(std::string_view)>;

  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  static constexpr int kMaxTaskLines = 6;  // more running tasks are summed up in one line

  // `width`: terminal columns (lines are cut to width - 1 so they never wrap).
  TerminalProgress(Clock now, Writer write, int width);
  ~TerminalProgress() override;  // draws the final state

  int Begin(std::string_view label, uint64_t total_bytes) override;
  void Advance(int id, uint64_t bytes) override;
  void Finish(int id) override;

  // The lines a redraw would show now (no escape codes): for tests and the final draw.
  std::vector<std::string> Lines();

 private:
  struct Task {
    std::string label;
    uint64_t total = 0;
    uint64_t done = 0;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point ended;  // when finished
    bool finished = false;
  };

  std::vector<std::string> LinesLocked(std::chrono::steady_clock::time_point now) AFS_REQUIRES(mu_);
  void DrawLocked(bool force) AFS_REQUIRES(mu_);

  const Clock now_;
  const Writer write_;
  const int width_;
  Mutex mu_;
  std::vector<Task> tasks_ AFS_GUARDED_BY(mu_);  // index = task id
  int drawn_lines_ AFS_GUARDED_BY(mu_) = 0;      // lines of the block on screen now
  std::chrono::steady_clock::time_point last_draw_ AFS_GUARDED_BY(mu_);
  bool drawn_once_ AFS_GUARDED_BY(mu_) = false;
};

// "1.5 GiB", "12.0 MiB", "512 B"; "3:07" / "1:02:03" for durations.
std::string FormatBytes(uint64_t bytes);
std::string FormatDuration(double seconds);

}  // namespace attestfs::cli

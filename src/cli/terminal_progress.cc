// TerminalProgress: task bookkeeping under one mutex, line formatting, in-place redraw
// ("ESC[nF" up to the block's first line, "ESC[2K" per line, "ESC[J" below the last).
#include "cli/terminal_progress.h"

#include <algorithm>
#include <cstdio>

namespace attestfs::cli {

namespace {

// Below this much elapsed time a rate (and a time left) would be noise.
constexpr double kMinRateSeconds = 0.2;

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// "label  right", the label cut (or padded) so the line is exactly width - 1 columns or less.
std::string FitLine(const std::string& label, const std::string& right, int width) {
  const size_t max = static_cast<size_t>(std::max(width - 1, 1));
  if (right.size() + 1 >= max) return right.substr(0, max);
  size_t room = max - right.size() - 1;
  std::string l = label;
  if (l.size() > room) l = room >= 2 ? "…" + l.substr(l.size() - (room - 1)) : l.substr(0, room);
  // "…" is 3 bytes but one column: pad by columns, not bytes.
  size_t columns = l.size() - (l.rfind("…", 0) == 0 ? 2 : 0);
  std::string line = l + std::string(room > columns ? room - columns : 0, ' ') + " " + right;
  return line;
}

std::string Describe(uint64_t done, uint64_t total, double elapsed, bool finished) {
  std::string out = FormatBytes(done);
  if (total > 0) {
    done = std::min(done, total);
    out += " / " + FormatBytes(total);
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(done * 100 / total));
    out += "  " + std::string(pct);
  }
  const double rate = elapsed >= kMinRateSeconds ? static_cast<double>(done) / elapsed : 0;
  if (rate > 0) out += "  " + FormatBytes(static_cast<uint64_t>(rate)) + "/s";
  if (finished) {
    out += "  done";
  } else if (total > 0 && rate > 0) {
    out += "  " + FormatDuration(static_cast<double>(total - done) / rate) + " left";
  }
  return out;
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes) / 1024;
  int unit = 0;
  while (v >= 1024 && unit < 3) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  return buf;
}

std::string FormatDuration(double seconds) {
  long s = seconds < 0 ? 0 : static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

TerminalProgress::TerminalProgress(Clock now, Writer write, int width)
    : now_(std::move(now)), write_(std::move(write)), width_(std::max(width, 20)) {}

TerminalProgress::~TerminalProgress() {
  MutexLock lock(mu_);
  // Unless the block is already final (the verb may have printed below it since).
  if (drawn_lines_ > 0) DrawLocked(/*force=*/true);
}

int TerminalProgress::Begin(std::string_view label, uint64_t total_bytes) {
  MutexLock lock(mu_);
  const auto now = now_();
  tasks_.push_back(Task{std::string(label), total_bytes, 0, now, now, false});
  DrawLocked(/*force=*/false);
  return static_cast<int>(tasks_.size() - 1);
}

void TerminalProgress::Advance(int id, uint64_t bytes) {
  MutexLock lock(mu_);
  if (id < 0 || static_cast<size_t>(id) >= tasks_.size()) return;
  tasks_[static_cast<size_t>(id)].done += bytes;
  DrawLocked(/*force=*/false);
}

void TerminalProgress::Finish(int id) {
  MutexLock lock(mu_);
  if (id < 0 || static_cast<size_t>(id) >= tasks_.size()) return;
  tasks_[static_cast<size_t>(id)].finished = true;
  tasks_[static_cast<size_t>(id)].ended = now_();
  bool all_done =
      std::all_of(tasks_.begin(), tasks_.end(), [](const Task& t) { return t.finished; });
  DrawLocked(/*force=*/all_done);
}

std::vector<std::string> TerminalProgress::Lines() {
  MutexLock lock(mu_);
  return LinesLocked(now_());
}

std::vector<std::string> TerminalProgress::LinesLocked(std::chrono::steady_clock::time_point now) {
  uint64_t done = 0, total = 0;
  size_t finished = 0;
  for (const Task& t : tasks_) {
    done += t.total > 0 ? std::min(t.done, t.total) : t.done;
    total += t.total;
    if (t.finished) ++finished;
  }
  const bool all_finished = finished == tasks_.size();
  // Running: the running tasks. All done: every task's final line (the block that stays).
  std::vector<std::string> lines;
  size_t shown = 0, hidden = 0;
  for (const Task& t : tasks_) {
    if (t.finished != all_finished) continue;
    if (shown++ >= static_cast<size_t>(kMaxTaskLines)) {
      ++hidden;
      continue;
    }
    const auto end = t.finished ? t.ended : now;
    lines.push_back(
        FitLine(t.label, Describe(t.done, t.total, Seconds(end - t.started), t.finished), width_));
  }
  if (hidden > 0) lines.push_back(FitLine("… " + std::to_string(hidden) + " more", "", width_));
  if (tasks_.size() > 1) {
    const double elapsed = Seconds(now - tasks_.front().started);
    lines.push_back(
        FitLine("total (" + std::to_string(finished) + "/" + std::to_string(tasks_.size()) + ")",
                Describe(done, total, elapsed, all_finished), width_));
  }
  return lines;
}

void TerminalProgress::DrawLocked(bool force) {
  const auto now = now_();
  if (!force && drawn_once_ && now - last_draw_ < kRedrawInterval) return;
  std::vector<std::string> lines = LinesLocked(now);
  std::string out;
  if (drawn_lines_ > 0) out += "\x1b[" + std::to_string(drawn_lines_) + "F";
  for (const std::string& l : lines) out += "\x1b[2K" + l + "\n";
  out += "\x1b[J";
  write_(out);
  const bool all_finished =
      std::all_of(tasks_.begin(), tasks_.end(), [](const Task& t) { return t.finished; });
  // A final block stays as it is: later tasks start a new block below it, so output written
  // in between (a digest, a verdict) is never drawn over.
  drawn_lines_ = all_finished ? 0 : static_cast<int>(lines.size());
  last_draw_ = now;
  drawn_once_ = true;
}

}  // namespace attestfs::cli

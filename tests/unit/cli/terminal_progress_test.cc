// TerminalProgress with a fake clock, a fixed width and a string as the terminal: the lines it
// draws (bytes, percent, rate, time left, per task and in total), in-place redraws, throttling,
// and the final block that later output is never drawn over.
#include "cli/terminal_progress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace attestfs::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class TerminalProgressTest : public ::testing::Test {
 protected:
  TerminalProgress::Clock Clock() {
    return [this] { return now_; };
  }
  TerminalProgress::Writer Writer() {
    return [this](std::string_view s) {
      out_ += s;
      ++writes_;
    };
  }
  std::chrono::steady_clock::time_point now_{seconds(1000)};
  std::string out_;
  int writes_ = 0;
};

TEST_F(TerminalProgressTest, OneTaskShowsBytesPercentRateAndTimeLeft) {
  TerminalProgress p(Clock(), Writer(), 80);
  int id = p.Begin("model.safetensors", 512ull << 20);
  now_ += seconds(2);
  p.Advance(id, 128ull << 20);
  std::vector<std::string> lines = p.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "model.safetensors            128.0 MiB / 512.0 MiB   25%  64.0 MiB/s  0:06 left");
  EXPECT_EQ(lines[0].size(), 79u);
}

TEST_F(TerminalProgressTest, ManyTasksGetALineEachAndATotal) {
  TerminalProgress p(Clock(), Writer(), 60);
  int a = p.Begin("a.bin", 1000);
  int b = p.Begin("b.bin", 3000);
  now_ += seconds(1);
  p.Advance(a, 500);
  p.Advance(b, 1500);
  std::vector<std::string> lines = p.Lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].substr(0, 5), "a.bin");
  EXPECT_NE(lines[0].find("500 B / 1000 B   50%  500 B/s  0:01 left"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("1.5 KiB / 2.9 KiB   50%"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].substr(0, 9), "total (0/");
  EXPECT_NE(lines[2].find("2.0 KiB / 3.9 KiB   50%  2.0 KiB/s  0:01 left"), std::string::npos)
      << lines[2];
  p.Finish(a);
  lines = p.Lines();
  ASSERT_EQ(lines.size(), 2u);  // a finished task leaves the block; the total remembers it
  EXPECT_EQ(lines[1].substr(0, 9), "total (1/");
}

TEST_F(TerminalProgressTest, RedrawsInPlaceAtMostEveryInterval) {
  TerminalProgress p(Clock(), Writer(), 80);
  int id = p.Begin("x", 100);
  EXPECT_EQ(writes_, 1);
  EXPECT_EQ(out_.find("\x1b["), out_.find("\x1b[2K"));  // first draw: no cursor movement
  p.Advance(id, 1);
  now_ += milliseconds(50);
  p.Advance(id, 1);
  EXPECT_EQ(writes_, 1);  // throttled
  now_ += milliseconds(60);
  p.Advance(id, 1);
  EXPECT_EQ(writes_, 2);
  EXPECT_NE(out_.find("\x1b[1F\x1b[2Kx"), std::string::npos);  // back up one line, redraw
}

TEST_F(TerminalProgressTest, FinalBlockIsDrawnOnceAndNeverOverwritten) {
  {
    TerminalProgress p(Clock(), Writer(), 80);
    int id = p.Begin("x", 100);
    now_ += seconds(1);
    p.Advance(id, 100);
    p.Finish(id);  // all done: drawn now, whatever the interval
    EXPECT_NE(out_.find("100 B / 100 B  100%  100 B/s  done"), std::string::npos) << out_;
    const int writes = writes_;
    const std::string before = out_;
    int next = p.Begin("y", 10);  // a later task starts a new block below
    p.Finish(next);
    EXPECT_GT(writes_, writes);
    EXPECT_EQ(out_.find("\x1b[", before.size()), out_.find("\x1b[2K", before.size()));
    EXPECT_EQ(out_.find("F\x1b[2K", before.size()), std::string::npos);  // never moves up
  }
}

TEST_F(TerminalProgressTest, LongLabelsAreCutToTheWidth) {
  TerminalProgress p(Clock(), Writer(), 40);
  p.Begin(std::string(100, 'n') + "/weights.safetensors", 1 << 20);
  std::vector<std::string> lines = p.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("…", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("0 B / 1.0 MiB    0%"), std::string::npos) << lines[0];
  EXPECT_LE(lines[0].size(), 39u + 2);  // "…" is one column, three bytes
}

TEST(FormatTest, BytesAndDurations) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(1023), "1023 B");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(5ull << 30), "5.0 GiB");
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(187), "3:07");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
}

}  // namespace
}  // namespace attestfs::cli

// HashScheduler: order of whole-file and chunk tasks, slot limit, cancellation.
#include "targets/hash_scheduler.h"

#include <gtest/gtest.h>

#include <set>

namespace attestfs::targets {
namespace {

constexpr int64_t W = HashTask::kWholeFile;

std::pair<size_t, int64_t> P(const std::optional<HashTask>& t) {
  EXPECT_TRUE(t.has_value());
  return t ? std::make_pair(t->job, t->chunk) : std::make_pair(size_t{999}, int64_t{-9});
}

TEST(HashSchedulerTest, WholeFileOfBigFileFirstThenItsChunksThenSmallFilesLongestFirst) {
  // job 0: small (10 B), job 1: big with 3 chunks, job 2: small (20 B)
  HashScheduler s({10, 300, 20}, {0, 3, 0}, 2);
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, W));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{0}));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{1}));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{2}));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{2}, W));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{0}, W));
  EXPECT_FALSE(s.Next().has_value());
}

TEST(HashSchedulerTest, LimitsConcurrentBigWholeFileTasksToHalfTheWorkers) {
  // Two big files, two workers: one whole-file slot; the second whole starts when it frees.
  HashScheduler s({400, 300}, {2, 2}, 2);
  auto w0 = s.Next();
  EXPECT_EQ(P(w0), std::make_pair(size_t{0}, W));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{0}, int64_t{0}));
  s.Done(*w0);
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, W));           // slot free again: start file 1
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{0}, int64_t{1}));  // oldest file's chunks first
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{0}));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{1}));
  EXPECT_FALSE(s.Next().has_value());
}

TEST(HashSchedulerTest, StartsAnotherWholeWhenNoChunksArePending) {
  HashScheduler s({400, 300}, {1, 1}, 2);
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{0}, W));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{0}, int64_t{0}));
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, W));  // slot busy, but nothing else to do
  EXPECT_EQ(P(s.Next()), std::make_pair(size_t{1}, int64_t{0}));
  EXPECT_FALSE(s.Next().has_value());
}

TEST(HashSchedulerTest, HandsOutEveryTaskExactlyOnce) {
  std::vector<uint64_t> sizes;
  std::vector<size_t> counts;
  size_t expected = 0;
  for (size_t i = 0; i < 50; ++i) {
    sizes.push_back((i * 7919) % 1000);
    counts.push_back(i % 3 == 0 ? i % 5 + 1 : 0);
    expected += 1 + counts.back();
  }
  HashScheduler s(sizes, counts, 4);
  std::set<std::pair<size_t, int64_t>> seen;
  while (auto t = s.Next()) {
    EXPECT_TRUE(seen.insert({t->job, t->chunk}).second);
    if (t->chunk == W) s.Done(*t);
  }
  EXPECT_EQ(seen.size(), expected);
}

TEST(HashSchedulerTest, CancelStopsHandingOutTasks) {
  HashScheduler s({1, 2, 3}, {0, 0, 0}, 2);
  EXPECT_TRUE(s.Next().has_value());
  s.Cancel();
  EXPECT_FALSE(s.Next().has_value());
}

}  // namespace
}  // namespace attestfs::targets

// Runtime-trace predicate and summary built from a mount access trace.
#include "fuse/runtime_trace.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fakes/content/fake_blob_source.h"

namespace attestfs::fs {
namespace {

class RuntimeTraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_.chunk_size = 64 << 10;
    m_.files.push_back(
        content::testing::MakeEntry("config.json", std::string(100, 'c'), m_.chunk_size));
    m_.files.push_back(
        content::testing::MakeEntry("model.bin", std::string(5000, 'm'), m_.chunk_size));
    m_.files.push_back(
        content::testing::MakeEntry("unused.onnx", std::string(10, 'u'), m_.chunk_size));
    m_.files.push_back(
        content::testing::MakeEntry("cached.txt", std::string(10, 't'), m_.chunk_size));
    m_.Sort();
    trace_ =
        R"({"event":"open","path":"config.json","pid":7,"uid":1000,"command":"python3","time":"2026-01-01T00:00:01Z"})"
        "\n"
        R"({"event":"read","path":"config.json","pid":7,"uid":1000,"offset":0,"length":100,"time":"2026-01-01T00:00:01Z"})"
        "\n"
        R"({"event":"open","path":"model.bin","pid":7,"uid":1000,"command":"python3","time":"2026-01-01T00:00:02Z"})"
        "\n"
        R"({"event":"read","path":"model.bin","pid":7,"uid":1000,"offset":4096,"length":904,"time":"2026-01-01T00:00:02Z"})"
        "\n"
        R"({"event":"read","path":"model.bin","pid":7,"uid":1000,"offset":0,"length":4096,"time":"2026-01-01T00:00:03Z"})"
        "\n"
        R"({"event":"read","path":"model.bin","pid":7,"uid":1000,"offset":4500,"length":10,"time":"2026-01-01T00:00:03Z","error":"EIO"})"
        "\n"
        R"({"event":"open","path":"cached.txt","pid":9,"uid":0,"command":"cat","time":"2026-01-01T00:00:05Z"})"
        "\n";
  }
  attestation::FileManifest m_;
  std::string trace_;
};

TEST_F(RuntimeTraceTest, BuildsRuntimeTracePredicateShape) {
  auto p = BuildRuntimeTracePredicate(trace_, m_, "/models/bert", "host-1");
  ASSERT_TRUE(p.ok()) << p.error().message();
  auto j = nlohmann::json::parse(*p);
  EXPECT_EQ(j["monitor"]["type"], "https://attestfs.dev/mount-trace/v1");
  EXPECT_EQ(j["monitoredProcess"]["hostID"], "host-1");
  EXPECT_EQ(j["monitoredProcess"]["type"], "attestfs-mount");
  EXPECT_EQ(j["monitoredProcess"]["event"], "/models/bert");
  ASSERT_EQ(j["monitorLog"]["process"].size(), 2u);
  EXPECT_EQ(j["monitorLog"]["process"][0]["pid"], 7);
  EXPECT_EQ(j["monitorLog"]["process"][0]["command"], "python3");
  EXPECT_EQ(j["monitorLog"]["process"][1]["uid"], 0);
  EXPECT_TRUE(j["monitorLog"]["network"].is_array());
  auto& fa = j["monitorLog"]["fileAccess"];
  ASSERT_EQ(fa.size(), 3u);
  nlohmann::json model;
  for (auto& e : fa) {
    if (e["path"] == "model.bin") model = e;
  }
  EXPECT_EQ(model["pid"], 7);
  EXPECT_EQ(model["uid"], 1000);
  EXPECT_EQ(model["command"], "python3");
  EXPECT_EQ(model["time"], "2026-01-01T00:00:02Z");
  EXPECT_EQ(model["ranges"], nlohmann::json::parse("[[0,5000]]"));  // merged; failed read dropped
  EXPECT_EQ(j["metadata"]["buildStartedOn"], "2026-01-01T00:00:01Z");
  EXPECT_EQ(j["metadata"]["buildFinishedOn"], "2026-01-01T00:00:05Z");
}

TEST_F(RuntimeTraceTest, SummaryListsReadFilesAndNeverOpened) {
  auto s = SummarizeTrace(trace_, m_);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_NE(s->find("model.bin  5000 / 5000  by python3[7]"), std::string::npos) << *s;
  EXPECT_NE(s->find("config.json  100 / 100"), std::string::npos) << *s;
  EXPECT_NE(s->find("no read reached the filesystem (page cache or empty file):\n  cached.txt"),
            std::string::npos)
      << *s;
  EXPECT_NE(s->find("never opened (1):\n  unused.onnx"), std::string::npos) << *s;
}

TEST_F(RuntimeTraceTest, RejectsMalformedOrForeignTraces) {
  auto bad = BuildRuntimeTracePredicate("{not json\n", m_, "/m", "h");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), Errc::kMalformed);
  EXPECT_NE(bad.error().message().find("line 1"), std::string::npos);
  auto foreign = SummarizeTrace(R"({"event":"open","path":"other.bin","pid":1})", m_);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), Errc::kInvalidArgument);
  EXPECT_FALSE(SummarizeTrace(R"({"event":"write","path":"model.bin","pid":1})", m_).ok());
  EXPECT_FALSE(SummarizeTrace(R"({"event":"read","path":"model.bin","pid":1})", m_).ok());
  EXPECT_FALSE(SummarizeTrace(std::string(kMaxTraceLineBytes + 1, ' ') + "x", m_).ok());
}

}  // namespace
}  // namespace attestfs::fs

// Keeps fuse/'s dependency rules true: libfuse's headers only in the two adapter files
// (fuse_ops.cc, fuse_session.cc), never in a header, and fuse/ includes only the core it may
// depend on (base, content, attestation, digest) — never cli/ or oci/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace {

namespace fs = std::filesystem;

TEST(FsIncludeRulesTest, LibfuseHeadersStayInTheAdapterFiles) {
  std::regex include_re(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const std::string root = std::string(ATTESTFS_SOURCE_DIR) + "/fuse";
  const std::set<std::string> libfuse_users = {"fuse_ops.cc", "fuse_session.cc"};
  int files = 0;
  for (auto& e : fs::directory_iterator(root)) {
    std::string ext = e.path().extension();
    if (ext != ".h" && ext != ".cc") continue;
    ++files;
    std::string name = e.path().filename();
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, include_re)) continue;
      std::string inc = m[1];
      bool quoted = line.find('"') != std::string::npos;
      if (!quoted && inc.rfind("fuse", 0) == 0) {
        EXPECT_TRUE(libfuse_users.count(name)) << name << " includes <" << inc << ">";
      }
      if (ext == ".h") {
        for (const char* tp : {"nlohmann/", "openssl/", "curl/", "archive", "yaml-cpp/"}) {
          EXPECT_EQ(inc.find(tp), std::string::npos) << name << " (a header) includes " << inc;
        }
        EXPECT_FALSE(!quoted && inc.rfind("fuse", 0) == 0)
            << name << " (a header) includes <" << inc << ">";
      }
      if (quoted && inc.find('/') != std::string::npos) {
        std::string top = inc.substr(0, inc.find('/'));
        bool allowed = top == "fuse" || top == "base" || top == "content" || top == "attestation" ||
                       top == "digest";
        EXPECT_TRUE(allowed) << name << " includes " << inc;
      }
    }
  }
  EXPECT_GT(files, 15);
}

}  // namespace

// Keeps image/'s dependency rules true: no third-party header in any src/image header,
// libarchive only in the two tar readers, and no include of cli/, fuse/ or other app code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace {

namespace fs = std::filesystem;

TEST(ImageIncludeRulesTest, ThirdPartyHeadersStayInTheirFiles) {
  std::regex include_re(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const std::string root = std::string(ATTESTFS_SOURCE_DIR) + "/src/image";
  const std::set<std::string> archive_users = {"archive_extract.cc", "image_scan.cc"};
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
      if (inc.rfind("archive", 0) == 0) {
        EXPECT_TRUE(archive_users.count(name)) << name << " includes " << inc;
      }
      if (ext == ".h") {
        for (const char* tp : {"nlohmann/", "openssl/", "curl/", "archive", "fuse", "yaml-cpp/"})
          EXPECT_EQ(inc.find(tp), std::string::npos) << name << " (a header) includes " << inc;
      }
      if (line.find('"') != std::string::npos && inc.find('/') != std::string::npos) {
        std::string top = inc.substr(0, inc.find('/'));
        bool allowed = top == "image" || top == "oci" || top == "base" || top == "digest" ||
                       top == "attestation" || top == "sbom" ||
                       top == "targets";  // afs_image DEPS (CMakeLists.txt)
        EXPECT_TRUE(allowed) << name << " includes " << inc;
      }
    }
  }
  EXPECT_GT(files, 10);
}

}  // namespace

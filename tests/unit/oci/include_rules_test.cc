// Keeps oci/'s dependency rules true: libcurl only in oci/http/*.cc, no third-party header in
// any oci/ header, and oci/ includes only the core it may depend on (base, digest, attestation,
// content) — never fuse/, cli/ or other core modules.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

namespace fs = std::filesystem;

TEST(OciIncludeRulesTest, ThirdPartyHeadersStayInTheirFiles) {
  std::regex include_re(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  const std::string root = std::string(ATTESTFS_SOURCE_DIR) + "/oci";
  int files = 0;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    std::string ext = e.path().extension();
    if (ext != ".h" && ext != ".cc") continue;
    ++files;
    std::string rel = fs::relative(e.path(), root).string();
    bool in_http_cc = rel.rfind("http/", 0) == 0 && ext == ".cc";
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, include_re)) continue;
      std::string inc = m[1];
      if (inc.rfind("curl/", 0) == 0) {
        EXPECT_TRUE(in_http_cc) << rel << " includes " << inc;
      }
      if (ext == ".h") {
        for (const char* tp : {"nlohmann/", "openssl/", "curl/", "archive", "fuse", "yaml-cpp/"}) {
          EXPECT_EQ(inc.find(tp), std::string::npos) << rel << " (a header) includes " << inc;
        }
      }
      if (inc.find('/') != std::string::npos && inc.find('.') != std::string::npos &&
          line.find('"') != std::string::npos) {
        std::string top = inc.substr(0, inc.find('/'));
        bool allowed = top == "oci" || top == "base" || top == "digest" || top == "attestation" ||
                       top == "content";
        EXPECT_TRUE(allowed) << rel << " includes " << inc;
      }
    }
  }
  EXPECT_GT(files, 20);
}

}  // namespace

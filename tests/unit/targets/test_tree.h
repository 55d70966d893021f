// TestTree: a temporary directory for targets tests (removed on destruction) with helpers to
// write files, make links and run the git CLI inside it; plus an OpenSSL SHA-256 that is
// independent of digest::Sha256Hasher.
#pragma once

#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "digest/digest.h"

namespace attestfs::targets::testing {

class TestTree {
 public:
  TestTree() {
    std::string templ = std::filesystem::temp_directory_path().string() + "/afs-targets-XXXXXX";
    if (::mkdtemp(templ.data()) != nullptr) root_ = templ;
  }
  ~TestTree() {
    std::error_code ec;
    if (!root_.empty()) std::filesystem::remove_all(root_, ec);
  }
  TestTree(const TestTree&) = delete;
  TestTree& operator=(const TestTree&) = delete;

  const std::string& root() const { return root_; }
  std::string Path(const std::string& rel) const { return root_ + "/" + rel; }

  void Write(const std::string& rel, const std::string& data, unsigned mode = 0644) const {
    std::filesystem::path p = Path(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
    ::chmod(p.c_str(), mode);
  }
  void Mkdir(const std::string& rel) const { std::filesystem::create_directories(Path(rel)); }
  void Symlink(const std::string& target, const std::string& rel) const {
    std::filesystem::create_directories(std::filesystem::path(Path(rel)).parent_path());
    std::filesystem::create_symlink(target, Path(rel));
  }
  // Runs `git <args>` in dir (relative to the root) with no user/system configuration.
  int Git(const std::string& dir, const std::string& args) const {
    std::string cmd =
        "cd '" + Path(dir) +
        "' && GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -c user.name=t "
        "-c user.email=t@example.com -c commit.gpgsign=false -c init.defaultBranch=main " +
        args + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }

 private:
  std::string root_;
};

// A deterministic pseudo-random byte string.
inline std::string PatternBytes(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = static_cast<char>(x);
  }
  return s;
}

inline std::string OpenSslSha256Hex(const std::string& data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return digest::HexEncode(std::string_view(reinterpret_cast<const char*>(md), sizeof(md)));
}

}  // namespace attestfs::targets::testing

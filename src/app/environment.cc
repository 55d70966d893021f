// The default store root and ATTESTFS_PASSWORD (see environment.h).
#include "app/environment.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "store/attestation_store.h"

namespace attestfs::app {

std::string StoreRoot(const std::string& flag) {
  return flag.empty() ? store::AttestationStore::DefaultRoot() : flag;
}

bool PasswordFromEnv(std::string* out) {
  const char* p = std::getenv("ATTESTFS_PASSWORD");
  if (!p) return false;
  *out = p;
  return true;
}

std::string DefaultTrustedRootPath() {
  if (const char* env = std::getenv("ATTESTFS_TRUSTED_ROOT"); env != nullptr && *env != '\0') {
    return env;
  }
  std::vector<std::string> candidates;
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::filesystem::path dir =
        std::filesystem::path(std::string(exe, static_cast<size_t>(n))).parent_path();
    candidates.push_back((dir / ".." / "share" / "attestfs" / "trusted_root.json").string());
  }
#ifdef ATTESTFS_DATADIR
  candidates.push_back(std::string(ATTESTFS_DATADIR) + "/trusted_root.json");
#endif
  std::error_code ec;
  for (const auto& c : candidates) {
    if (std::filesystem::is_regular_file(c, ec)) {
      return std::filesystem::weakly_canonical(c, ec).string();
    }
  }
  return {};
}

}  // namespace attestfs::app

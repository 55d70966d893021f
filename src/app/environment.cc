// The default store root and ATTESTFS_PASSWORD (see environment.h).
#include "app/environment.h"

#include <cstdlib>

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

}  // namespace attestfs::app

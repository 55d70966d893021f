// What the application reads from its environment rather than from a request: the default
// store root and the private-key password (ATTESTFS_PASSWORD). Front ends may override both.
#pragma once

#include <string>

namespace attestfs::app {

// `flag` when given, else the default store root (store::AttestationStore::DefaultRoot()).
std::string StoreRoot(const std::string& flag);

// ATTESTFS_PASSWORD when set.
bool PasswordFromEnv(std::string* out);

}  // namespace attestfs::app

// What the application reads from its environment rather than from a request: the default
// store root, the private-key password (ATTESTFS_PASSWORD) and the installed Sigstore trusted
// root. Front ends may override all three.
#pragma once

#include <string>

namespace attestfs::app {

// `flag` when given, else the default store root (store::AttestationStore::DefaultRoot()).
std::string StoreRoot(const std::string& flag);

// ATTESTFS_PASSWORD when set.
bool PasswordFromEnv(std::string* out);

// The Sigstore trusted root used when none is given: $ATTESTFS_TRUSTED_ROOT when set, else the
// first existing of <binary dir>/../share/attestfs/trusted_root.json (an installed tree, or the
// source tree for a build in <source>/build) and the compiled-in install path; "" when none.
std::string DefaultTrustedRootPath();

}  // namespace attestfs::app

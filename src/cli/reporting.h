// Shared CLI plumbing: printing errors as "attestfs: <message>" and mapping them to exit codes,
// the output format switch, and the store root chosen by --store or the default.
#pragma once

#include <string>

#include "app/environment.h"
#include "app/version.h"
#include "base/result.h"

namespace attestfs::cli {

using app::kVersion;

// Prints "attestfs: <message>" to stderr and returns the exit code for the error.
int Fail(const Error& error);
int Fail(Errc code, const std::string& message);

using app::PasswordFromEnv;  // ATTESTFS_PASSWORD when set
using app::StoreRoot;        // --store DIR, else the default root

enum class Format { kText, kJson };
// Parses --format (text|json); `json_alias` is the --json flag.
Result<Format> ParseFormat(const std::string& text, bool json_alias);

}  // namespace attestfs::cli

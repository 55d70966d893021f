// Error printing, exit-code mapping and small option helpers shared by the verbs.
#include "cli/reporting.h"

#include <cstdio>
#include <cstdlib>

#include "cli/exit_code.h"
#include "store/attestation_store.h"

namespace attestfs::cli {

int Fail(const Error& error) {
  std::fprintf(stderr, "attestfs: %s\n", error.message().c_str());
  return ExitCodeFor(error.code());
}

int Fail(Errc code, const std::string& message) { return Fail(Error(code, message)); }

std::string StoreRoot(const std::string& flag) {
  return flag.empty() ? store::AttestationStore::DefaultRoot() : flag;
}

bool PasswordFromEnv(std::string* out) {
  const char* p = std::getenv("ATTESTFS_PASSWORD");
  if (!p) return false;
  *out = p;
  return true;
}

Result<Format> ParseFormat(const std::string& text, bool json_alias) {
  if (json_alias || text == "json") return Format::kJson;
  if (text.empty() || text == "text") return Format::kText;
  return Error(Errc::kUsage, "--format must be text or json, not '" + text + "'");
}

}  // namespace attestfs::cli

// Error printing, exit-code mapping and small option helpers shared by the verbs.
#include "cli/reporting.h"

#include <cstdio>
#include <cstdlib>

#include "cli/exit_code.h"

namespace attestfs::cli {

int Fail(const Error& error) {
  std::fprintf(stderr, "attestfs: %s\n", error.message().c_str());
  return ExitCodeFor(error.code());
}

int Fail(Errc code, const std::string& message) { return Fail(Error(code, message)); }

Result<Format> ParseFormat(const std::string& text, bool json_alias) {
  if (json_alias || text == "json") return Format::kJson;
  if (text.empty() || text == "text") return Format::kText;
  return Error(Errc::kUsage, "--format must be text or json, not '" + text + "'");
}

}  // namespace attestfs::cli

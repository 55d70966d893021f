// RuntimeTrace: the parts of an in-toto runtime-trace v0.1 predicate
// (attestation::kRuntimeTracePredicate) the trace rule reads, as the attestfs mount writes it:
// monitorLog.process[] and monitorLog.fileAccess[].
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::policy {

inline constexpr size_t kMaxTraceEntries = 1000000;

struct TraceProcess {
  int64_t pid = -1;
  int64_t uid = -1;
  std::string command;
};

struct TraceFileAccess {
  std::string path;
  int64_t pid = -1;
  int64_t uid = -1;
  std::string command;
};

struct RuntimeTrace {
  std::vector<TraceProcess> processes;
  std::vector<TraceFileAccess> accesses;

  // Parses untrusted predicate JSON; kMalformed when monitorLog is missing or mistyped.
  static Result<RuntimeTrace> Parse(std::string_view predicate_json);
};

}  // namespace attestfs::policy

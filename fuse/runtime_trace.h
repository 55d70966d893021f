// Turns a mount access trace (JSON Lines from AccessTrace, see docs/trace-format.md) into an
// in-toto runtime-trace v0.1 predicate (attestation::kRuntimeTracePredicate) and a human summary.
// The predicate shape is a contract: the policy rules read monitorLog.process /
// monitorLog.fileAccess exactly as built here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "attestation/file_manifest.h"
#include "base/result.h"

namespace attestfs::fs {

constexpr std::string_view kMountTraceMonitorType = "https://attestfs.dev/mount-trace/v1";
// Limits for the (untrusted) trace file; `attestfs trace` reads it with the same limit.
constexpr uint64_t kMaxTraceBytes = 256ull << 20;     // whole trace
constexpr uint64_t kMaxTraceLineBytes = 64ull << 10;  // one JSON line (paths are short)

// Returns the predicate JSON:
// {"monitor":{"type":kMountTraceMonitorType},
//  "monitoredProcess":{"hostID":host,"type":"attestfs-mount","event":mountpoint},
//  "monitorLog":{"process":[{"pid","uid","command"}],
//                "fileAccess":[{"path","pid","uid","command","time","ranges":[[off,len],...]}],
//                "network":[]},
//  "metadata":{"buildStartedOn","buildFinishedOn"}}
// One fileAccess entry per (path, pid), ranges merged and sorted. Paths not in `manifest` are
// rejected (kInvalidArgument): the trace does not belong to this mount. `host_id` defaults to
// gethostname().
Result<std::string> BuildRuntimeTracePredicate(std::string_view trace_jsonl,
                                               const attestation::FileManifest& manifest,
                                               const std::string& mountpoint,
                                               const std::string& host_id = "");

// Text: the files read (bytes that reached the filesystem, by which commands), files opened with
// no read reaching the filesystem (page cache), and attested files never opened.
Result<std::string> SummarizeTrace(std::string_view trace_jsonl,
                                   const attestation::FileManifest& manifest);

}  // namespace attestfs::fs

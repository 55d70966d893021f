// The daemon's log destination: `-o log=FILE` (appended, one timestamped line per event) or
// syslog (facility daemon, ident "attestfs"); optionally mirrored to stderr (debug).
#pragma once

#include <string>

#include "base/result.h"
#include "content/verified_reader.h"

namespace attestfs::fs {

Result<content::LogSink> MakeLogSink(const std::string& log_file, bool also_stderr);

}  // namespace attestfs::fs

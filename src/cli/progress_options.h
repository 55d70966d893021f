// --progress=auto|always|never and --quiet for the long-running verbs (bom, push, pull, copy,
// verify), and the ProgressSink they select: a TerminalProgress on stderr, or none. `auto` shows
// progress only when stderr is a terminal; --quiet wins over everything.
#pragma once

#include <memory>
#include <string>

#include "base/progress_sink.h"

namespace CLI {
class App;
}

namespace attestfs::cli {

struct ProgressFlags {
  std::string mode = "auto";  // --progress
  bool quiet = false;         // --quiet / -q
};

void AddProgressFlags(CLI::App* cmd, ProgressFlags* flags);

// nullptr when nothing should be drawn (the library then reports into no sink).
std::unique_ptr<ProgressSink> MakeProgressSink(const ProgressFlags& flags);

}  // namespace attestfs::cli

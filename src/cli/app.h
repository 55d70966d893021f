// The attestfs application: parses the command line and runs one verb. The only place that
// wires the core, oci/ and fuse/ together.
#pragma once

namespace attestfs::cli {

// Returns the process exit code (see exit_code.h).
int Main(int argc, char** argv);

}  // namespace attestfs::cli

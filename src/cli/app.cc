// Placeholder app until the verbs land.
#include "cli/app.h"

namespace attestfs::cli {
int Main(int, char**) { return 0; }
}  // namespace attestfs::cli

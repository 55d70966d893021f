// RunParallel: runs independent transfer tasks on a few worker threads (2–4: enough to keep a
// registry busy without starving 2-core CI) and returns the first error. Once a task fails, no
// new task starts; running ones finish.
#pragma once

#include <functional>
#include <vector>

#include "base/result.h"

namespace attestfs::oci {

inline constexpr int kMaxTransferWorkers = 8;

Status RunParallel(const std::vector<std::function<Status()>>& tasks, int workers);

}  // namespace attestfs::oci

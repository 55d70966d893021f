// ProgressSink: where long-running work (hashing a tree, moving layers to or from a registry)
// reports how many bytes it has done, without knowing who listens. The CLI's terminal renderer
// (cli/terminal_progress.h) is one implementation; the library code only ever sees this
// interface, usually through base::ProgressTask. Implementations must be thread-safe: transfer
// workers and hashing threads report concurrently.
#pragma once

#include <cstdint>
#include <string_view>

namespace attestfs {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // A piece of work of `total_bytes` (0: unknown) starts, e.g. one layer or one tree scan;
  // the returned id names it in the calls below.
  virtual int Begin(std::string_view label, uint64_t total_bytes) = 0;
  // `bytes` more bytes of task `id` are done.
  virtual void Advance(int id, uint64_t bytes) = 0;
  // Task `id` ended (done or abandoned); it is no longer drawn as running.
  virtual void Finish(int id) = 0;
};

}  // namespace attestfs

// ProgressTask: one task on an optional ProgressSink (RAII: Finish in the destructor); a null
// sink makes every call a no-op, so library code reports progress unconditionally.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/progress_sink.h"

namespace attestfs {

class ProgressTask {
 public:
  ProgressTask() = default;
  ProgressTask(ProgressSink* sink, std::string_view label, uint64_t total_bytes)
      : sink_(sink), id_(sink != nullptr ? sink->Begin(label, total_bytes) : -1) {}
  ~ProgressTask() {
    if (sink_ != nullptr) sink_->Finish(id_);
  }
  ProgressTask(const ProgressTask&) = delete;
  ProgressTask& operator=(const ProgressTask&) = delete;

  void Advance(uint64_t bytes) const {
    if (sink_ != nullptr && bytes > 0) sink_->Advance(id_, bytes);
  }

 private:
  ProgressSink* sink_ = nullptr;
  int id_ = -1;
};

}  // namespace attestfs

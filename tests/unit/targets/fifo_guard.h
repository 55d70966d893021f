// RunReleasingFifo: runs a call that might block in open(2) on a FIFO. If it has not returned
// after a generous bound, it is stuck in open: opening the FIFO's write end releases it, and
// the test fails. Turns "hangs forever" into a test failure; nothing here asserts on timing.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

namespace attestfs::testing {

template <class F>
auto RunReleasingFifo(const std::string& fifo, F fn) {
  auto fut = std::async(std::launch::async, fn);
  if (fut.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
    ADD_FAILURE() << "blocked opening the FIFO " << fifo;
    // A reader is waiting in open(2), so a non-blocking writer open succeeds and releases it.
    int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    auto r = fut.get();
    if (w >= 0) ::close(w);
    return r;
  }
  return fut.get();
}

}  // namespace attestfs::testing

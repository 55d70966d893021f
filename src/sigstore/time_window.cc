// TimeWindow::Describe for rejection messages.
#include "sigstore/time_window.h"

#include "base/clock.h"

namespace attestfs::sigstore {

std::string TimeWindow::Describe() const {
  return "from " + FormatRfc3339(start) + (end ? " to " + FormatRfc3339(*end) : " on");
}

}  // namespace attestfs::sigstore

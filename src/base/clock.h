// Clock: the source of "now" (RFC 3339 UTC), injectable so tests can fix time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace attestfs {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnixSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixSeconds() const override;
};

// Now as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (fixed width, so strings sort in time order even
// within one second).
std::string NowRfc3339Precise();
// Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatRfc3339(int64_t unix_seconds);
// Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; nullopt when malformed.
std::optional<int64_t> ParseRfc3339(const std::string& text);

}  // namespace attestfs

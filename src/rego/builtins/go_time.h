// Internal: Go's time layouts ("2006-01-02T15:04:05Z07:00", named constants such as RFC3339),
// formatting and parsing of them, Go's ParseDuration, and proleptic Gregorian civil arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace attestfs::rego::builtins {

// Floor division and modulo without signed overflow (b > 0 or b < 0, never 0; the quotient
// of INT64_MIN / -1 saturates).
inline int64_t FloorDiv(int64_t a, int64_t b) {
  if (b == -1) return a == INT64_MIN ? INT64_MAX : -a;
  const int64_t q = a / b;
  return ((a % b != 0) && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d);
void CivilFromDays(int64_t days, int64_t& y, int64_t& m, int64_t& d);
int DaysInMonth(int64_t y, int64_t m);

// A broken-down instant: Unix seconds plus nanoseconds, in a zone (offset and abbreviation).
struct GoTime {
  int64_t sec = 0;   // Unix seconds (UTC)
  int32_t nsec = 0;  // 0..999999999
  int32_t offset = 0;
  std::string zone = "UTC";
};

// The layout named by a Go constant ("RFC3339" ...), or `layout` itself.
std::string_view ResolveLayout(std::string_view layout);

std::string GoFormat(const GoTime& t, std::string_view layout);

// Go's time.Parse (zone-less values are UTC). False with Go's error text in `error`.
bool GoParse(std::string_view layout, std::string_view value, GoTime& out, std::string& error);

// Go's time.ParseDuration, in nanoseconds.
bool GoParseDuration(std::string_view s, int64_t& ns, std::string& error);

}  // namespace attestfs::rego::builtins

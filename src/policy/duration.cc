// Duration parsing/formatting for max-age.
#include "policy/duration.h"

#include <cctype>

namespace attestfs::policy {
namespace {

constexpr int64_t kMaxDurationSeconds = 100LL * 366 * 86400;

}  // namespace

std::optional<int64_t> ParseDuration(std::string_view text) {
  if (text.size() < 2 || text.size() > 16) return std::nullopt;
  int64_t n = 0;
  size_t i = 0;
  for (; i + 1 < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    n = n * 10 + (text[i] - '0');
    if (n > kMaxDurationSeconds) return std::nullopt;
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    case 'w':
      unit = 7 * 86400;
      break;
    default:
      return std::nullopt;
  }
  const int64_t seconds = n * unit;
  if (seconds <= 0 || seconds > kMaxDurationSeconds) return std::nullopt;
  return seconds;
}

std::string FormatDuration(int64_t seconds) {
  if (seconds < 0) return "-" + FormatDuration(-seconds);
  const int64_t d = seconds / 86400, h = (seconds % 86400) / 3600, m = (seconds % 3600) / 60;
  if (d > 0) return std::to_string(d) + "d" + (h > 0 ? " " + std::to_string(h) + "h" : "");
  if (h > 0) return std::to_string(h) + "h" + (m > 0 ? " " + std::to_string(m) + "m" : "");
  if (m > 0) return std::to_string(m) + "m";
  return std::to_string(seconds) + "s";
}

}  // namespace attestfs::policy

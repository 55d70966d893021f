// Durations in policy files: "<n><unit>" with unit s, m, h, d or w ("90d", "12h", "30m").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attestfs::policy {

// Seconds, or nullopt when malformed, zero, negative or over 100 years.
std::optional<int64_t> ParseDuration(std::string_view text);

// Seconds as the largest whole unit that keeps some precision: "3d 4h", "12m", "0s".
std::string FormatDuration(int64_t seconds);

}  // namespace attestfs::policy

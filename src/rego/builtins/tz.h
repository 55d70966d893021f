// Internal: time zones for the time builtins, read from the system's TZif files
// (/usr/share/zoneinfo), cached per evaluation in the builtin memo ("tz:<name>").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rego/builtin_context.h"

namespace attestfs::rego::builtins {

struct ZoneType {
  int32_t offset = 0;  // seconds east of UTC
  bool dst = false;
  std::string abbr;
};

class TimeZone {
 public:
  // "" and "UTC" are UTC; "Local" is UTC too (attestfs evaluates in UTC). nullptr with `error`
  // ("unknown time zone X") when the name is invalid or no file exists.
  static std::shared_ptr<const TimeZone> Load(BuiltinContext& ctx, const std::string& name,
                                              std::string* error);
  static std::shared_ptr<const TimeZone> Utc();

  // The zone in effect at `unix_seconds`.
  ZoneType Lookup(int64_t unix_seconds) const;
  bool is_utc() const { return utc_; }

 private:
  bool utc_ = true;
  std::vector<int64_t> transitions_;
  std::vector<uint8_t> trans_types_;
  std::vector<ZoneType> types_;
  std::string footer_;  // POSIX TZ rule for times after the last transition
};

}  // namespace attestfs::rego::builtins

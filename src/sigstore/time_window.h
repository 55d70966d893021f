// TimeWindow: a trusted_root.json `validFor` range in seconds since the epoch. Both ends are
// inclusive (the Sigstore rule); a missing end means "still valid".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace attestfs::sigstore {

struct TimeWindow {
  int64_t start = 0;
  std::optional<int64_t> end;

  bool Contains(int64_t t) const { return t >= start && (!end || t <= *end); }
  // "from 2021-01-12T11:53:27Z to 2022-12-31T23:59:59Z" (or "... on").
  std::string Describe() const;
};

}  // namespace attestfs::sigstore

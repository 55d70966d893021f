// Internal: linear-time substring search (Knuth-Morris-Pratt) for the string builtins, so a
// hostile haystack/needle pair costs O(n + m) instead of the O(n * m) of a naive find.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace attestfs::rego::builtins {

template <typename Seq>
class Kmp {
 public:
  explicit Kmp(const Seq& needle) : needle_(needle), fail_(needle.size() + 1, 0) {
    size_t k = 0;
    for (size_t i = 1; i < needle_.size(); ++i) {
      while (k > 0 && needle_[i] != needle_[k]) k = fail_[k];
      if (needle_[i] == needle_[k]) ++k;
      fail_[i + 1] = k;
    }
  }

  // First match at or after `from`, or npos. An empty needle matches at `from`.
  size_t Find(const Seq& hay, size_t from) const {
    if (needle_.empty()) return from <= hay.size() ? from : npos;
    size_t k = 0;
    for (size_t i = from; i < hay.size(); ++i) {
      while (k > 0 && hay[i] != needle_[k]) k = fail_[k];
      if (hay[i] == needle_[k]) ++k;
      if (k == needle_.size()) return i + 1 - k;
    }
    return npos;
  }

  static constexpr size_t npos = static_cast<size_t>(-1);

 private:
  Seq needle_;  // by value: a string_view or a short rune vector
  std::vector<size_t> fail_;
};

}  // namespace attestfs::rego::builtins

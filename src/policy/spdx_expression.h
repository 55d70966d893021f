// SpdxExpression: a small parser for SPDX license expressions (SPDX 2.3 annex D):
// ids (with optional '+'), "id WITH exception", AND, OR and parentheses. AND binds tighter
// than OR. Used by the license rules to decide whether an expression can be satisfied.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::policy {

inline constexpr size_t kMaxSpdxExpressionBytes = 4096;
inline constexpr int kMaxSpdxExpressionDepth = 32;

struct SpdxLicense {
  std::string id;         // "GPL-2.0-or-later", "GPL-2.0+", "LicenseRef-x", or a license name
  std::string exception;  // after WITH, empty when none
  std::string ToString() const { return exception.empty() ? id : id + " WITH " + exception; }
};

class SpdxExpression {
 public:
  // Parses an expression; kMalformed names the position. A single id is an expression.
  static Result<SpdxExpression> Parse(std::string_view text);

  // True when some choice among the OR branches uses only licenses `accept` returns true for.
  bool SatisfiableWith(const std::function<bool(const SpdxLicense&)>& accept) const;
  // Every license named, in order of appearance.
  std::vector<SpdxLicense> Licenses() const;
  std::string ToString() const;

 private:
  struct Node {
    enum class Kind { kLicense, kAnd, kOr } kind = Kind::kLicense;
    SpdxLicense license;
    std::vector<size_t> children;
  };
  bool Satisfiable(size_t node, const std::function<bool(const SpdxLicense&)>& accept) const;
  std::string NodeString(size_t node, bool parent_and) const;

  friend class SpdxParser;
  std::vector<Node> nodes_;
  size_t root_ = 0;
};

}  // namespace attestfs::policy

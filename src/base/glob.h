// Glob: attestfs's one glob dialect (attestfs(1), GLOB PATTERNS), compiled once, matched often.
//   *      any run of characters within one path segment (never '/')
//   **     any run of characters, '/' included; "a/**/b" also matches "a/b" ('**/' may stand
//          for no directory at all)
//   ?      one character other than '/'
//   [...]  one character other than '/' from the set: single characters, ranges (a-z), POSIX
//          classes ([:digit:], ...; ASCII); a leading '!' or '^' negates; ']' right after '['
//          (or its negation) is a member; an unterminated '[' is a literal '['
//   \c     the character c itself (also inside [...]); a trailing '\' is a literal '\'
// Two options select the variants callers need, each one named preset:
//   kPathGlob      the dialect above (--include/--exclude, over relative paths)
//   kTextGlob      '/' is an ordinary character: '*', '**', '?' and [...] match it too
//                  (policy globs over commands, paths as text and certificate names)
//   kIdentityGlob  only a leading and/or a trailing '*' is a wildcard (any run, '/' included);
//                  every other character matches itself, so '?' and '[' in a URI SAN and a '*'
//                  in the middle are literal (--identity)
// A pattern or text containing a NUL byte, and a pattern naming an unknown [:class:], never
// match. Matching is a dynamic programme over (pattern tokens x text): O(pattern * text) time,
// O(text) memory, no recursion, so no pattern makes it backtrack exponentially.
// Deliberately not here: where a pattern is applied (basename, subtree, anchoring) -- that
// belongs to each caller's language (targets::GlobMatch, policy::PathGlobMatch).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace attestfs {

struct GlobOptions {
  // '/' separates segments: '*', '?' and [...] never match it, '**' does. When false, '/' is an
  // ordinary character, '*' and '**' both match any run and '**/' is no special case.
  bool slash_separates = true;
  // Only a leading and/or a trailing '*' (of a pattern longer than one character for the
  // trailing one) is a wildcard; every other character, '?', '[', '\' and inner '*' included,
  // matches itself.
  bool edge_stars_only = false;
};

inline constexpr GlobOptions kPathGlob{};
inline constexpr GlobOptions kTextGlob{.slash_separates = false};
inline constexpr GlobOptions kIdentityGlob{.slash_separates = false, .edge_stars_only = true};

class Glob {
 public:
  explicit Glob(std::string_view pattern, GlobOptions options = kPathGlob);

  // True when the pattern matches the whole of `text`.
  bool Matches(std::string_view text) const;

  // Segment-wise match over a '/'-separated path, for path filters: true when the pattern
  // matches path[b, e) where b is 0 (or, with `any_start`, just after any '/') and e is just
  // before a '/' (a directory above the path) or, unless `dirs_only`, the end of the path.
  bool MatchesSegments(std::string_view path, bool any_start, bool dirs_only) const;

 private:
  struct Token {
    enum Kind : uint8_t { kLiteral, kAnyChar, kStar, kDoubleStar, kClass };
    Kind kind = kLiteral;
    char c = 0;
    bool negated = false;
    std::vector<std::pair<unsigned char, unsigned char>> ranges;  // kClass: inclusive ranges
    uint16_t classes = 0;                                         // kClass: named-class bits
  };
  enum class End : uint8_t { kWhole, kSegment, kSegmentOrWhole };

  void Tokenize(std::string_view pattern);
  bool ParseClass(std::string_view p, size_t& i, Token& tok);
  static bool ClassHas(const Token& t, unsigned char c);
  // Fills `starts` with, for each text position si, whether tokens_[0..] match text[si, e)
  // for some e allowed by `end`.
  void Run(std::string_view text, End end, std::vector<uint8_t>& starts) const;

  GlobOptions options_;
  bool valid_ = true;  // false: NUL byte or unknown [:class:] in the pattern
  std::vector<Token> tokens_;
};

// Glob(pattern, options).Matches(text).
bool GlobMatch(std::string_view pattern, std::string_view text, GlobOptions options = kPathGlob);

}  // namespace attestfs

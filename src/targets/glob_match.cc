// GlobMatch: the --include/--exclude pattern language over relative POSIX paths.
// '*' and '?' and '[...]' stay inside one path component, '**' crosses components ('**/' may
// match no directory at all), '\' escapes. A pattern also matches every path below a directory it
// matches; a pattern without '/' matches any single component (so '*.bin' matches 'a/b.bin' and
// '__pycache__' matches 'x/__pycache__/y.pyc'); a trailing '/' matches directories only; a
// leading '/' anchors the pattern at the root. Matching is a memoised DP: O(pattern * path).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "targets/scanner.h"

namespace attestfs::targets {
namespace {

struct Token {
  enum Kind : uint8_t { kLiteral, kAnyChar, kStar, kDoubleStar, kClass };
  Kind kind = kLiteral;
  char c = 0;
  bool negated = false;
  std::vector<std::pair<char, char>> ranges;  // kClass only
};

// Parses a bracket expression starting at pattern[i] == '['. Returns false if it is unterminated
// (then '[' is a literal).
bool ParseClass(std::string_view p, size_t& i, Token& tok) {
  size_t j = i + 1;
  tok = Token{Token::kClass};
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    tok.negated = true;
    ++j;
  }
  bool first = true;
  while (j < p.size() && (first || p[j] != ']')) {
    char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      hi = p[j + 2];
      j += 2;
    }
    tok.ranges.emplace_back(lo, hi);
    ++j;
    first = false;
  }
  if (j >= p.size()) return false;
  i = j;  // at ']'
  return true;
}

std::vector<Token> Tokenize(std::string_view p) {
  std::vector<Token> out;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        while (i + 1 < p.size() && p[i + 1] == '*') ++i;
        out.push_back(Token{Token::kDoubleStar});
      } else {
        out.push_back(Token{Token::kStar});
      }
    } else if (c == '?') {
      out.push_back(Token{Token::kAnyChar});
    } else if (c == '[') {
      Token tok;
      if (ParseClass(p, i, tok)) {
        out.push_back(std::move(tok));
      } else {
        out.push_back(Token{Token::kLiteral, '['});
      }
    } else if (c == '\\' && i + 1 < p.size()) {
      out.push_back(Token{Token::kLiteral, p[++i]});
    } else {
      out.push_back(Token{Token::kLiteral, c});
    }
  }
  return out;
}

bool ClassHas(const Token& t, char c) {
  bool in = false;
  for (auto [lo, hi] : t.ranges) {
    if (c >= lo && c <= hi) in = true;
  }
  return in != t.negated;
}

class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, std::string_view path, bool dir_only)
      : t_(tokens), s_(path), dir_only_(dir_only), memo_((t_.size() + 1) * (s_.size() + 1), -1) {}

  bool Match(size_t ti, size_t si) {
    int8_t& m = memo_[ti * (s_.size() + 1) + si];
    if (m < 0) m = Compute(ti, si) ? 1 : 0;
    return m == 1;
  }

 private:
  bool Compute(size_t ti, size_t si) {
    const size_t n = s_.size();
    if (ti == t_.size()) {
      // The whole path, or a directory prefix of it (everything below a matched directory).
      bool at_dir_end = si < n && s_[si] == '/';
      return dir_only_ ? at_dir_end : (si == n || at_dir_end);
    }
    const Token& t = t_[ti];
    switch (t.kind) {
      case Token::kLiteral:
        return si < n && s_[si] == t.c && Match(ti + 1, si + 1);
      case Token::kAnyChar:
        return si < n && s_[si] != '/' && Match(ti + 1, si + 1);
      case Token::kClass:
        return si < n && s_[si] != '/' && ClassHas(t, s_[si]) && Match(ti + 1, si + 1);
      case Token::kStar:
        return Match(ti + 1, si) || (si < n && s_[si] != '/' && Match(ti, si + 1));
      case Token::kDoubleStar: {
        // "**/" may stand for zero directories: "a/**/b" matches "a/b".
        bool slash_next =
            ti + 1 < t_.size() && t_[ti + 1].kind == Token::kLiteral && t_[ti + 1].c == '/';
        if (slash_next && Match(ti + 2, si)) return true;
        return Match(ti + 1, si) || (si < n && Match(ti, si + 1));
      }
    }
    return false;
  }

  const std::vector<Token>& t_;
  std::string_view s_;
  bool dir_only_;
  std::vector<int8_t> memo_;  // -1 unknown, 0 no, 1 yes; indexed [ti][si]
};

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  bool dir_only = false;
  while (pattern.size() > 1 && pattern.back() == '/') {
    pattern.remove_suffix(1);
    dir_only = true;
  }
  bool anchored = false;
  while (!pattern.empty() && pattern.front() == '/') {
    pattern.remove_prefix(1);
    anchored = true;
  }
  if (pattern.empty()) return false;
  std::vector<Token> tokens = Tokenize(pattern);
  Matcher m(tokens, path, dir_only);
  if (m.Match(0, 0)) return true;
  if (anchored || pattern.find('/') != std::string_view::npos) return false;
  // No '/' in the pattern: it may match any component (start after each '/').
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && m.Match(0, i + 1)) return true;
  }
  return false;
}

}  // namespace attestfs::targets

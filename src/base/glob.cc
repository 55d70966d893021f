// Glob: tokenizer and the bottom-up matcher for the dialect described in glob.h. One row of the
// (token x text position) table per token, computed from the last token backwards, keeping the
// two rows after it ('**/' looks two tokens ahead).
#include "base/glob.h"

#include <cstddef>
#include <iterator>
#include <string_view>

namespace attestfs {
namespace {

// POSIX character classes in the C locale (ASCII), one bit each.
struct NamedClass {
  std::string_view name;
  bool (*has)(unsigned char c);
};

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(unsigned char c) { return IsUpper(c) || IsLower(c); }
bool IsAlnum(unsigned char c) { return IsAlpha(c) || IsDigit(c); }
bool IsGraph(unsigned char c) { return c > ' ' && c < 0x7f; }

constexpr NamedClass kNamedClasses[] = {
    {"alnum", IsAlnum},
    {"alpha", IsAlpha},
    {"blank", [](unsigned char c) { return c == ' ' || c == '\t'; }},
    {"cntrl", [](unsigned char c) { return c < ' ' || c == 0x7f; }},
    {"digit", IsDigit},
    {"graph", IsGraph},
    {"lower", IsLower},
    {"print", [](unsigned char c) { return c >= ' ' && c < 0x7f; }},
    {"punct", [](unsigned char c) { return IsGraph(c) && !IsAlnum(c); }},
    {"space", [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }},
    {"upper", IsUpper},
    {"xdigit",
     [](unsigned char c) {
       return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
     }},
};

// The bit of a class name, 0 when unknown.
uint16_t ClassBit(std::string_view name) {
  for (size_t i = 0; i < std::size(kNamedClasses); ++i) {
    if (kNamedClasses[i].name == name) return static_cast<uint16_t>(1u << i);
  }
  return 0;
}

bool AllLowerLetters(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsLower(c)) return false;
  }
  return true;
}

}  // namespace

Glob::Glob(std::string_view pattern, GlobOptions options) : options_(options) {
  if (pattern.find('\0') != std::string_view::npos) {
    valid_ = false;
    return;
  }
  Tokenize(pattern);
}

// Parses a bracket expression starting at p[i] == '['. Returns false when it is unterminated
// (then '[' is a literal); on success leaves i at the closing ']'.
bool Glob::ParseClass(std::string_view p, size_t& i, Token& tok) {
  size_t j = i + 1;
  tok = Token{Token::kClass};
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    tok.negated = true;
    ++j;
  }
  bool unknown_class = false;
  bool first = true;
  while (j < p.size() && (first || p[j] != ']')) {
    first = false;
    if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      size_t close = p.find(":]", j + 2);
      if (close != std::string_view::npos && AllLowerLetters(p.substr(j + 2, close - j - 2))) {
        uint16_t bit = ClassBit(p.substr(j + 2, close - j - 2));
        unknown_class = unknown_class || bit == 0;
        tok.classes |= bit;
        j = close + 2;
        continue;
      }
    }
    unsigned char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    unsigned char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      j += 2;
      hi = p[j];
      if (hi == '\\' && j + 1 < p.size()) hi = p[++j];
    }
    tok.ranges.emplace_back(lo, hi);
    ++j;
  }
  if (j >= p.size()) return false;
  if (unknown_class) valid_ = false;
  i = j;
  return true;
}

void Glob::Tokenize(std::string_view p) {
  if (options_.edge_stars_only) {
    const bool lead = !p.empty() && p.front() == '*';
    const bool trail = p.size() > 1 && p.back() == '*';
    if (lead) tokens_.push_back(Token{Token::kStar});
    for (size_t i = lead ? 1 : 0; i < p.size() - (trail ? 1 : 0); ++i) {
      tokens_.push_back(Token{Token::kLiteral, p[i]});
    }
    if (trail) tokens_.push_back(Token{Token::kStar});
    return;
  }
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        while (i + 1 < p.size() && p[i + 1] == '*') ++i;
        tokens_.push_back(Token{Token::kDoubleStar});
      } else {
        tokens_.push_back(Token{Token::kStar});
      }
    } else if (c == '?') {
      tokens_.push_back(Token{Token::kAnyChar});
    } else if (c == '[') {
      Token tok;
      if (ParseClass(p, i, tok)) {
        tokens_.push_back(std::move(tok));
      } else {
        tokens_.push_back(Token{Token::kLiteral, '['});
      }
    } else if (c == '\\' && i + 1 < p.size()) {
      tokens_.push_back(Token{Token::kLiteral, p[++i]});
    } else {
      tokens_.push_back(Token{Token::kLiteral, c});
    }
  }
}

bool Glob::ClassHas(const Token& t, unsigned char c) {
  bool in = false;
  for (auto [lo, hi] : t.ranges) {
    if (c >= lo && c <= hi) in = true;
  }
  for (size_t i = 0; !in && i < std::size(kNamedClasses); ++i) {
    if ((t.classes & (1u << i)) != 0 && kNamedClasses[i].has(c)) in = true;
  }
  return in != t.negated;
}

void Glob::Run(std::string_view s, End end, std::vector<uint8_t>& starts) const {
  const size_t n = s.size();
  const bool sep = options_.slash_separates;
  // next1 / next2: rows for tokens ti+1 / ti+2; row[si] = tokens from there match s[si, e).
  std::vector<uint8_t> next1(n + 1), next2(n + 1), cur(n + 1);
  for (size_t si = 0; si <= n; ++si) {
    const bool at_slash = si < n && s[si] == '/';
    next1[si] = end == End::kWhole     ? si == n
                : end == End::kSegment ? at_slash
                                       : (si == n || at_slash);
  }
  for (size_t ti = tokens_.size(); ti-- > 0;) {
    const Token& t = tokens_[ti];
    // "**/" may stand for zero directories: "a/**/b" matches "a/b".
    const bool slash_next = sep && t.kind == Token::kDoubleStar && ti + 1 < tokens_.size() &&
                            tokens_[ti + 1].kind == Token::kLiteral && tokens_[ti + 1].c == '/';
    for (size_t si = n + 1; si-- > 0;) {
      const bool more = si < n;
      const unsigned char c = more ? static_cast<unsigned char>(s[si]) : 0;
      const bool in_segment = more && !(sep && c == '/');
      bool m = false;
      switch (t.kind) {
        case Token::kLiteral:
          m = more && c == static_cast<unsigned char>(t.c) && next1[si + 1];
          break;
        case Token::kAnyChar:
          m = in_segment && next1[si + 1];
          break;
        case Token::kClass:
          m = in_segment && ClassHas(t, c) && next1[si + 1];
          break;
        case Token::kStar:
          m = next1[si] || (in_segment && cur[si + 1]);
          break;
        case Token::kDoubleStar:
          m = (slash_next && next2[si]) || next1[si] || (more && cur[si + 1]);
          break;
      }
      cur[si] = m;
    }
    next2.swap(next1);
    next1.swap(cur);
  }
  starts = std::move(next1);
}

bool Glob::Matches(std::string_view text) const {
  if (!valid_ || text.find('\0') != std::string_view::npos) return false;
  std::vector<uint8_t> starts;
  Run(text, End::kWhole, starts);
  return starts[0] != 0;
}

bool Glob::MatchesSegments(std::string_view path, bool any_start, bool dirs_only) const {
  if (!valid_ || path.find('\0') != std::string_view::npos) return false;
  std::vector<uint8_t> starts;
  Run(path, dirs_only ? End::kSegment : End::kSegmentOrWhole, starts);
  if (starts[0] != 0) return true;
  if (!any_start) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && starts[i + 1] != 0) return true;
  }
  return false;
}

bool GlobMatch(std::string_view pattern, std::string_view text, GlobOptions options) {
  return Glob(pattern, options).Matches(text);
}

}  // namespace attestfs

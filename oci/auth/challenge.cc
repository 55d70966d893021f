// Tokenizer for WWW-Authenticate: scheme token, then name=value pairs (token or quoted-string).
#include "oci/auth/challenge.h"

#include <cctype>

namespace attestfs::oci::auth {
namespace {

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~/").find(c) != std::string_view::npos;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::vector<Challenge>> ParseWwwAuthenticate(std::string_view h) {
  if (h.size() > kMaxChallengeHeaderBytes) {
    return Error(Errc::kTooLarge, "WWW-Authenticate header over 16 KiB");
  }
  std::vector<Challenge> out;
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t')) ++i;
  };
  auto read_token = [&] {
    size_t s = i;
    while (i < h.size() && IsTokenChar(h[i])) ++i;
    return std::string(h.substr(s, i - s));
  };
  while (i < h.size()) {
    skip_ws();
    while (i < h.size() && (h[i] == ',' || h[i] == ' ')) ++i;
    if (i >= h.size()) break;
    std::string word = read_token();
    if (word.empty()) return Error(Errc::kMalformed, "WWW-Authenticate: expected a token");
    skip_ws();
    if (i < h.size() && h[i] == '=' && !out.empty()) {
      // name=value pair of the current challenge
      ++i;
      skip_ws();
      std::string value;
      if (i < h.size() && h[i] == '"') {
        ++i;
        bool closed = false;
        while (i < h.size()) {
          char c = h[i++];
          if (c == '\\' && i < h.size()) {
            value.push_back(h[i++]);
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.push_back(c);
          }
        }
        if (!closed) return Error(Errc::kMalformed, "WWW-Authenticate: unterminated quoted string");
      } else {
        value = read_token();
      }
      out.back().params[Lower(word)] = value;
      skip_ws();
      if (i < h.size() && h[i] == ',') ++i;
      continue;
    }
    Challenge c;
    c.scheme = Lower(word);
    out.push_back(std::move(c));
  }
  if (out.empty()) return Error(Errc::kMalformed, "WWW-Authenticate: no challenge");
  return out;
}

}  // namespace attestfs::oci::auth

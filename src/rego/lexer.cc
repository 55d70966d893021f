// Lexer implementation: a hand-written scanner over the Rego token set.
#include "rego/lexer.h"

#include <cctype>
#include <cstdint>

#include "base/utf8.h"

namespace attestfs::rego {
namespace {

Error LexError(std::string_view file, int row, int col, const std::string& msg) {
  return Error(Errc::kInvalidArgument, std::string(file) + ":" + std::to_string(row) + ":" +
                                           std::to_string(col) + ": rego_parse_error: " + msg);
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::vector<Token>> Lex(std::string_view file, std::string_view src) {
  std::vector<Token> out;
  size_t i = 0;
  int row = 1;
  size_t line_start = 0;
  bool space = false;
  bool newline = false;
  auto col = [&](size_t pos) { return static_cast<int>(pos - line_start) + 1; };
  while (true) {
    // whitespace and comments
    while (i < src.size()) {
      char c = src[i];
      if (c == '\n') {
        ++i;
        ++row;
        line_start = i;
        space = newline = true;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        space = true;
      } else if (c == '#') {
        while (i < src.size() && src[i] != '\n') ++i;
        space = true;
      } else {
        break;
      }
    }
    Token t;
    t.row = row;
    t.col = col(i);
    t.offset = i;
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    if (i >= src.size()) {
      t.kind = Tok::kEof;
      t.end = i;
      out.push_back(std::move(t));
      return out;
    }
    char c = src[i];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t s = i;
      while (i < src.size() && (std::isalnum(static_cast<unsigned char>(src[i])) || src[i] == '_'))
        ++i;
      t.kind = Tok::kIdent;
      t.text = std::string(src.substr(s, i - s));
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t s = i;
      while (i < src.size() && std::isdigit(static_cast<unsigned char>(src[i]))) ++i;
      if (i + 1 < src.size() && src[i] == '.' &&
          std::isdigit(static_cast<unsigned char>(src[i + 1]))) {
        ++i;
        while (i < src.size() && std::isdigit(static_cast<unsigned char>(src[i]))) ++i;
      }
      if (i < src.size() && (src[i] == 'e' || src[i] == 'E')) {
        size_t save = i;
        ++i;
        if (i < src.size() && (src[i] == '+' || src[i] == '-')) ++i;
        if (i < src.size() && std::isdigit(static_cast<unsigned char>(src[i]))) {
          while (i < src.size() && std::isdigit(static_cast<unsigned char>(src[i]))) ++i;
        } else {
          i = save;
        }
      }
      t.kind = Tok::kNumber;
      t.text = std::string(src.substr(s, i - s));
    } else if (c == '"') {
      ++i;
      std::string s;
      bool closed = false;
      while (i < src.size()) {
        char d = src[i];
        if (d == '"') {
          ++i;
          closed = true;
          break;
        }
        if (d == '\n') break;
        if (d == '\\') {
          if (i + 1 >= src.size()) break;
          char e = src[i + 1];
          i += 2;
          switch (e) {
            case '"':
              s += '"';
              break;
            case '\\':
              s += '\\';
              break;
            case '/':
              s += '/';
              break;
            case 'b':
              s += '\b';
              break;
            case 'f':
              s += '\f';
              break;
            case 'n':
              s += '\n';
              break;
            case 'r':
              s += '\r';
              break;
            case 't':
              s += '\t';
              break;
            case 'u': {
              auto read4 = [&](uint32_t& cp) {
                if (i + 4 > src.size()) return false;
                cp = 0;
                for (int k = 0; k < 4; ++k) {
                  int h = HexVal(src[i + k]);
                  if (h < 0) return false;
                  cp = cp * 16 + static_cast<uint32_t>(h);
                }
                i += 4;
                return true;
              };
              uint32_t cp;
              if (!read4(cp)) return LexError(file, row, col(i), "illegal escape sequence");
              if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < src.size() && src[i] == '\\' &&
                  src[i + 1] == 'u') {
                size_t save = i;
                i += 2;
                uint32_t lo;
                if (read4(lo) && lo >= 0xDC00 && lo < 0xE000) {
                  cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                  i = save;
                }
              }
              AppendUtf8(s, cp);
              break;
            }
            default:
              return LexError(file, row, col(i - 2), "illegal escape sequence");
          }
          continue;
        }
        s += d;
        ++i;
      }
      if (!closed) return LexError(file, t.row, t.col, "non-terminated string");
      t.kind = Tok::kString;
      t.text = std::move(s);
    } else if (c == '`') {
      ++i;
      size_t s = i;
      while (i < src.size() && src[i] != '`') {
        if (src[i] == '\n') {
          ++row;
          line_start = i + 1;
        }
        ++i;
      }
      if (i >= src.size()) return LexError(file, t.row, t.col, "non-terminated raw string");
      t.kind = Tok::kString;
      t.text = std::string(src.substr(s, i - s));
      ++i;
    } else {
      auto two = [&](char n) { return i + 1 < src.size() && src[i + 1] == n; };
      size_t len = 1;
      switch (c) {
        case '{':
          t.kind = Tok::kLBrace;
          break;
        case '}':
          t.kind = Tok::kRBrace;
          break;
        case '[':
          t.kind = Tok::kLBracket;
          break;
        case ']':
          t.kind = Tok::kRBracket;
          break;
        case '(':
          t.kind = Tok::kLParen;
          break;
        case ')':
          t.kind = Tok::kRParen;
          break;
        case '.':
          t.kind = Tok::kDot;
          break;
        case ',':
          t.kind = Tok::kComma;
          break;
        case ';':
          t.kind = Tok::kSemicolon;
          break;
        case '|':
          t.kind = Tok::kBar;
          break;
        case '&':
          t.kind = Tok::kAmp;
          break;
        case '+':
          t.kind = Tok::kPlus;
          break;
        case '-':
          t.kind = Tok::kMinus;
          break;
        case '*':
          t.kind = Tok::kStar;
          break;
        case '/':
          t.kind = Tok::kSlash;
          break;
        case '%':
          t.kind = Tok::kPercent;
          break;
        case ':':
          if (two('=')) {
            t.kind = Tok::kAssign;
            len = 2;
          } else {
            t.kind = Tok::kColon;
          }
          break;
        case '=':
          if (two('=')) {
            t.kind = Tok::kEq;
            len = 2;
          } else {
            t.kind = Tok::kUnify;
          }
          break;
        case '!':
          if (!two('=')) return LexError(file, row, col(i), "illegal ! character");
          t.kind = Tok::kNeq;
          len = 2;
          break;
        case '<':
          t.kind = two('=') ? Tok::kLte : Tok::kLt;
          len = two('=') ? 2 : 1;
          break;
        case '>':
          t.kind = two('=') ? Tok::kGte : Tok::kGt;
          len = two('=') ? 2 : 1;
          break;
        default:
          return LexError(file, row, col(i), std::string("illegal token ") + c);
      }
      t.text = std::string(src.substr(i, len));
      i += len;
    }
    t.end = i;
    out.push_back(std::move(t));
  }
}

}  // namespace attestfs::rego

// Lexer: Rego source text into tokens. Keywords are not decided here (they depend on the
// module's dialect and `import future.keywords`); the parser reads identifiers as keywords.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::rego {

enum class Tok {
  kEof,
  kIdent,
  kNumber,
  kString,  // text holds the decoded string (quoted or raw)
  kLBrace,
  kRBrace,
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kDot,
  kComma,
  kSemicolon,
  kColon,
  kBar,
  kAmp,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kUnify,   // =
  kAssign,  // :=
  kEq,      // ==
  kNeq,     // !=
  kLt,
  kLte,
  kGt,
  kGte,
};

struct Token {
  Tok kind = Tok::kEof;
  std::string text;
  int row = 1;
  int col = 1;
  size_t offset = 0;
  size_t end = 0;
  bool space_before = false;    // any whitespace or comment before this token
  bool newline_before = false;  // a line break before this token
};

// Splits `source` into tokens; errors are "file:row:col: rego_parse_error: ...".
Result<std::vector<Token>> Lex(std::string_view filename, std::string_view source);

}  // namespace attestfs::rego

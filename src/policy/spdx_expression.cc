// SPDX license expression parser: tokenizer plus recursive descent with a depth limit.
#include "policy/spdx_expression.h"

#include <cctype>

namespace attestfs::policy {

namespace {

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '+' ||
         c == ':' || c == '_';
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

class SpdxParser {
 public:
  explicit SpdxParser(std::string_view text) : text_(text) {}

  Result<SpdxExpression> Run() {
    Status st = Tokenize();
    if (!st.ok()) return st.error();
    if (tokens_.empty()) return Error(Errc::kMalformed, "empty license expression");
    auto root = ParseOr(0);
    if (!root.ok()) return root.error();
    if (pos_ != tokens_.size()) return Fail("unexpected '" + tokens_[pos_].text + "'");
    expr_.root_ = *root;
    return std::move(expr_);
  }

 private:
  struct Token {
    std::string text;
    size_t offset;
  };
  using Node = SpdxExpression::Node;

  Status Tokenize() {
    size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back({std::string(1, c), i});
        ++i;
      } else if (IsIdChar(c)) {
        const size_t start = i;
        while (i < text_.size() && IsIdChar(text_[i])) ++i;
        tokens_.push_back({std::string(text_.substr(start, i - start)), start});
      } else {
        return Error(Errc::kMalformed, "license expression '" + std::string(text_) +
                                           "': unexpected character at offset " +
                                           std::to_string(i));
      }
    }
    return OkStatus();
  }

  Error Fail(const std::string& what) const {
    return Error(Errc::kMalformed, "license expression '" + std::string(text_) + "': " + what);
  }
  bool AtKeyword(std::string_view kw) const {
    return pos_ < tokens_.size() && EqualsIgnoreCase(tokens_[pos_].text, kw);
  }
  static bool IsKeyword(std::string_view t) {
    return EqualsIgnoreCase(t, "AND") || EqualsIgnoreCase(t, "OR") || EqualsIgnoreCase(t, "WITH");
  }
  size_t Add(Node n) {
    expr_.nodes_.push_back(std::move(n));
    return expr_.nodes_.size() - 1;
  }

  Result<size_t> ParseOr(int depth) { return ParseBinary(depth, "OR", Node::Kind::kOr); }
  Result<size_t> ParseAnd(int depth) { return ParseBinary(depth, "AND", Node::Kind::kAnd); }
  Result<size_t> ParseBinary(int depth, std::string_view kw, Node::Kind kind) {
    std::vector<size_t> parts;
    while (true) {
      auto part = kind == Node::Kind::kOr ? ParseAnd(depth) : ParseTerm(depth);
      if (!part.ok()) return part.error();
      parts.push_back(*part);
      if (!AtKeyword(kw)) break;
      ++pos_;
    }
    if (parts.size() == 1) return parts[0];
    Node n;
    n.kind = kind;
    n.children = std::move(parts);
    return Add(std::move(n));
  }
  Result<size_t> ParseTerm(int depth) {
    if (depth > kMaxSpdxExpressionDepth) return Fail("nested too deeply");
    if (pos_ >= tokens_.size()) return Fail("ends where a license was expected");
    if (tokens_[pos_].text == "(") {
      ++pos_;
      auto inner = ParseOr(depth + 1);
      if (!inner.ok()) return inner.error();
      if (pos_ >= tokens_.size() || tokens_[pos_].text != ")") return Fail("missing ')'");
      ++pos_;
      return inner;
    }
    const Token& t = tokens_[pos_];
    if (t.text == ")" || IsKeyword(t.text)) {
      return Fail("expected a license at offset " + std::to_string(t.offset) + ", got '" + t.text +
                  "'");
    }
    Node n;
    n.license.id = t.text;
    ++pos_;
    if (AtKeyword("WITH")) {
      ++pos_;
      if (pos_ >= tokens_.size() || tokens_[pos_].text == "(" || tokens_[pos_].text == ")" ||
          IsKeyword(tokens_[pos_].text)) {
        return Fail("WITH needs an exception id");
      }
      n.license.exception = tokens_[pos_].text;
      ++pos_;
    }
    return Add(std::move(n));
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  SpdxExpression expr_;
};

Result<SpdxExpression> SpdxExpression::Parse(std::string_view text) {
  if (text.size() > kMaxSpdxExpressionBytes) {
    return Error(Errc::kTooLarge, "license expression longer than " +
                                      std::to_string(kMaxSpdxExpressionBytes) + " bytes");
  }
  return SpdxParser(text).Run();
}

bool SpdxExpression::Satisfiable(size_t node,
                                 const std::function<bool(const SpdxLicense&)>& accept) const {
  const Node& n = nodes_[node];
  switch (n.kind) {
    case Node::Kind::kLicense:
      return accept(n.license);
    case Node::Kind::kAnd:
      for (size_t c : n.children) {
        if (!Satisfiable(c, accept)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (size_t c : n.children) {
        if (Satisfiable(c, accept)) return true;
      }
      return false;
  }
  return false;
}

bool SpdxExpression::SatisfiableWith(const std::function<bool(const SpdxLicense&)>& accept) const {
  return !nodes_.empty() && Satisfiable(root_, accept);
}

std::vector<SpdxLicense> SpdxExpression::Licenses() const {
  std::vector<SpdxLicense> out;
  for (const auto& n : nodes_) {
    if (n.kind == Node::Kind::kLicense) out.push_back(n.license);
  }
  return out;
}

std::string SpdxExpression::NodeString(size_t node, bool parent_and) const {
  const Node& n = nodes_[node];
  if (n.kind == Node::Kind::kLicense) return n.license.ToString();
  std::string out;
  const char* op = n.kind == Node::Kind::kAnd ? " AND " : " OR ";
  for (size_t i = 0; i < n.children.size(); ++i) {
    if (i > 0) out += op;
    out += NodeString(n.children[i], n.kind == Node::Kind::kAnd);
  }
  return parent_and && n.kind == Node::Kind::kOr ? "(" + out + ")" : out;
}

std::string SpdxExpression::ToString() const {
  return nodes_.empty() ? std::string() : NodeString(root_, false);
}

}  // namespace attestfs::policy

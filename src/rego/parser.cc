// Parser implementation: recursive descent over the lexer's tokens. Operator precedence follows
// OPA's parser: `in` < relations < `|` < `&` < `+ -` < `* / %` < terms.
// Size: one recursive-descent class over one token stream (~900 lines, both dialects).
#include "rego/parser.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>

#include "rego/lexer.h"

namespace attestfs::rego {
namespace {

constexpr int kMaxDepth = 150;
// Evaluation recurses once per expression of a body; this bounds the stack it needs.
constexpr size_t kMaxBodyExprs = 2000;

struct ParseFail {
  Error error;
};

class Parser {
 public:
  Parser(std::string_view src, std::vector<Token> toks, const std::string* file, bool v1)
      : src_(src), toks_(std::move(toks)), file_(file), v1_(v1) {
    if (v1) kw_if_ = kw_contains_ = kw_in_ = kw_every_ = true;
  }

  void ParseModule(Module& m) {
    if (!IsIdent("package")) Fail(Cur(), "expected package");
    Next();
    std::vector<Value> pkg = ParsePlainRef(false);
    if (pkg.empty()) Fail(Cur(), "expected package name");
    // "package data.x" is allowed and means the same as "package x"
    if (pkg[0].string() == "data") pkg.erase(pkg.begin());
    m.package = std::move(pkg);
    while (IsIdent("import")) {
      Token at = Next();
      Import imp;
      imp.loc = Loc(at);
      imp.path = ParsePlainRef(true);
      if (IsIdent("as")) {
        Next();
        if (Cur().kind != Tok::kIdent) Fail(Cur(), "expected alias");
        imp.alias = Next().text;
      }
      const std::string& root = imp.path[0].string();
      if (root == "future") {
        if (imp.path.size() < 2 || imp.path[1].string() != "keywords")
          Fail(at, "unexpected future import");
        if (imp.path.size() == 2) {
          kw_if_ = kw_contains_ = kw_in_ = kw_every_ = true;
        } else {
          const std::string& k = imp.path[2].string();
          if (k == "if")
            kw_if_ = true;
          else if (k == "contains")
            kw_contains_ = true;
          else if (k == "in")
            kw_in_ = true;
          else if (k == "every")
            kw_every_ = kw_in_ = true;
          else
            Fail(at, "unexpected keyword '" + k + "' in future import");
        }
        continue;
      }
      if (root == "rego") {
        if (imp.path.size() == 2 && imp.path[1].string() == "v1") {
          v1_ = true;
          kw_if_ = kw_contains_ = kw_in_ = kw_every_ = true;
          continue;
        }
        Fail(at, "invalid import, must be `rego.v1`");
      }
      if (root != "data" && root != "input")
        Fail(at, "invalid import " + root + ", must begin with input or data");
      if (imp.alias.empty()) {
        if (imp.path.size() == 1) {
          imp.alias = root;
        } else if (imp.path.back().is_string()) {
          imp.alias = imp.path.back().string();
        }
      }
      m.imports.push_back(std::move(imp));
    }
    m.v1 = v1_;
    while (Cur().kind != Tok::kEof) ParseRules(m);
  }

  Body ParseQueryBody() {
    Body b = ParseBodyUntil(Tok::kEof);
    return b;
  }

  TermPtr ParseSingleTerm() {
    TermPtr t = ParseTermIn();
    if (Cur().kind != Tok::kEof) Fail(Cur(), "unexpected " + Describe(Cur()));
    return t;
  }

  [[noreturn]] void Fail(const Token& t, const std::string& msg) {
    throw ParseFail{Error(Errc::kInvalidArgument,
                          (file_ ? *file_ : std::string("query")) + ":" + std::to_string(t.row) +
                              ":" + std::to_string(t.col) + ": rego_parse_error: " + msg)};
  }

 private:
  // ---- token helpers
  const Token& Cur() const { return toks_[pos_]; }
  const Token& Peek(size_t n = 1) const { return toks_[std::min(pos_ + n, toks_.size() - 1)]; }
  Token Next() {
    Token t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool Is(Tok k) const { return Cur().kind == k; }
  bool IsIdent(const char* s) const { return Cur().kind == Tok::kIdent && Cur().text == s; }
  Token Expect(Tok k, const char* what) {
    if (!Is(k)) Fail(Cur(), std::string("unexpected ") + Describe(Cur()) + ", expected " + what);
    return Next();
  }
  std::string Describe(const Token& t) const {
    switch (t.kind) {
      case Tok::kEof:
        return "eof token";
      case Tok::kIdent:
        return "identifier " + t.text;
      case Tok::kString:
        return "string token";
      case Tok::kNumber:
        return "number token";
      default:
        return t.text + " token";
    }
  }
  Location Loc(const Token& t) const { return Location{file_, t.row, t.col}; }
  bool IsKeyword(const Token& t) const {
    if (t.kind != Tok::kIdent) return false;
    const std::string& s = t.text;
    if (s == "if") return kw_if_;
    if (s == "contains") return kw_contains_;
    if (s == "in") return kw_in_;
    if (s == "every") return kw_every_;
    return s == "some" || s == "not" || s == "with" || s == "as" || s == "default" || s == "else" ||
           s == "import" || s == "package";
  }
  bool CurIsKw(const char* s) const { return IsIdent(s) && IsKeyword(Cur()); }
  // An infix continuation is allowed unless a newline separates it inside a body.
  bool Cont() const { return !(nl_sensitive_ && Cur().newline_before); }

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* pp) : p(pp) {
      if (++p->depth_ > kMaxDepth) p->Fail(p->Cur(), "too deeply nested");
    }
    ~DepthGuard() { --p->depth_; }
  };
  struct NlGuard {
    Parser* p;
    bool saved;
    bool saved_bar;
    NlGuard(Parser* pp, bool v) : p(pp), saved(pp->nl_sensitive_), saved_bar(pp->no_bar_) {
      p->nl_sensitive_ = v;
      p->no_bar_ = false;
    }
    ~NlGuard() {
      p->nl_sensitive_ = saved;
      p->no_bar_ = saved_bar;
    }
  };

  static TermPtr MakeValue(Value v, Location loc) {
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kValue;
    t->value = std::move(v);
    t->loc = loc;
    return t;
  }
  static TermPtr MakeVar(std::string name, Location loc) {
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kVar;
    t->wildcard = name == "_";
    t->name = std::move(name);
    t->loc = loc;
    return t;
  }
  TermPtr MakeCall(std::string name, std::vector<TermPtr> args, Location loc) {
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kCall;
    t->name = std::move(name);
    t->args = std::move(args);
    t->loc = loc;
    for (auto& a : t->args) t->height = std::max(t->height, a->height + 1);
    if (t->height > kMaxDepth) Fail(Cur(), "too deeply nested");
    return t;
  }

  // package / import paths: ident (.ident | ["str"])*
  std::vector<Value> ParsePlainRef(bool allow_keywords) {
    std::vector<Value> out;
    if (Cur().kind != Tok::kIdent) Fail(Cur(), "unexpected " + Describe(Cur()) + ", expected ref");
    (void)allow_keywords;
    out.push_back(Value::String(Next().text));
    while (true) {
      if (Is(Tok::kDot) && !Cur().space_before) {
        Next();
        if (Cur().kind != Tok::kIdent) Fail(Cur(), "expected identifier after .");
        out.push_back(Value::String(Next().text));
      } else if (Is(Tok::kLBracket) && !Cur().space_before) {
        Next();
        Token s = Expect(Tok::kString, "string");
        out.push_back(Value::String(s.text));
        Expect(Tok::kRBracket, "]");
      } else {
        break;
      }
    }
    return out;
  }

  // ---- rules
  std::vector<TermPtr> ParseHeadRef() {
    if (Cur().kind != Tok::kIdent || IsKeyword(Cur())) Fail(Cur(), "unexpected " + Describe(Cur()));
    std::vector<TermPtr> ref;
    Token t = Next();
    ref.push_back(MakeVar(t.text, Loc(t)));
    head_last_bracket_ = false;
    while (true) {
      if (Is(Tok::kDot) && !Cur().space_before) {
        head_last_bracket_ = false;
        Next();
        if (Cur().kind != Tok::kIdent) Fail(Cur(), "expected identifier after .");
        Token k = Next();
        ref.push_back(MakeValue(Value::String(k.text), Loc(k)));
      } else if (Is(Tok::kLBracket) && !Cur().space_before) {
        Next();
        NlGuard g(this, false);
        ref.push_back(ParseTermIn());
        Expect(Tok::kRBracket, "]");
        head_last_bracket_ = true;
      } else {
        break;
      }
    }
    return ref;
  }

  void ParseRules(Module& m) {
    DepthGuard dg(this);
    Token start = Cur();
    auto rule = std::make_shared<Rule>();
    rule->loc = Loc(start);
    if (IsIdent("default")) {
      Next();
      rule->is_default = true;
    }
    rule->head = ParseHeadRef();
    bool has_args = false;
    if (Is(Tok::kLParen) && !Cur().space_before) {
      Next();
      has_args = true;
      NlGuard g(this, false);
      while (!Is(Tok::kRParen)) {
        rule->args.push_back(ParseTermIn());
        if (Is(Tok::kComma)) {
          Next();
          continue;
        }
        if (!Is(Tok::kRParen)) Fail(Cur(), "unexpected " + Describe(Cur()));
      }
      Next();
    }
    bool contains = false;
    if (CurIsKw("contains")) {
      Next();
      contains = true;
      rule->key = ParseTermIn();
    } else if (Is(Tok::kAssign) || Is(Tok::kUnify)) {
      Next();
      rule->value = ParseTermIn();
    }
    if (rule->is_default) {
      if (!rule->value) Fail(start, "default rules must have a value");
      if (!rule->args.empty() || has_args) rule->kind = RuleKind::kFunction;
      m.rules.push_back(rule);
      return;
    }
    // kind
    if (has_args) {
      rule->kind = RuleKind::kFunction;
    } else if (contains) {
      rule->kind = RuleKind::kPartialSet;
    } else {
      bool all_const = true;
      for (size_t i = 1; i < rule->head.size(); ++i)
        if (rule->head[i]->kind != TermKind::kValue) all_const = false;
      if (!v1_ && !rule->value && rule->head.size() > 1 && head_last_bracket_) {
        // v0: `p[x] { ... }` is a partial set
        rule->kind = RuleKind::kPartialSet;
        rule->key = rule->head.back();
        rule->head.pop_back();
      } else if (v1_ && !rule->value && head_last_bracket_ && !CurIsKw("if")) {
        Fail(start, "`contains` keyword is required for partial set rules");
      } else {
        rule->kind = all_const ? RuleKind::kComplete : RuleKind::kPartialObject;
      }
    }
    ParseRuleBody(*rule, start);
    // else chain
    Rule* cur = rule.get();
    while (IsIdent("else")) {
      Token et = Next();
      if (rule->kind != RuleKind::kComplete && rule->kind != RuleKind::kFunction)
        Fail(et, "else keyword cannot be used on multi-value rules");
      auto e = std::make_shared<Rule>();
      e->loc = Loc(et);
      e->kind = rule->kind;
      e->head = rule->head;
      e->args = rule->args;
      if (Is(Tok::kAssign) || Is(Tok::kUnify)) {
        Next();
        e->value = ParseTermIn();
      }
      ParseRuleBody(*e, et);
      cur->else_rule = e;
      cur = e.get();
    }
    m.rules.push_back(rule);
    // v0: additional bodies `p { a } { b }`
    while (!v1_ && Is(Tok::kLBrace) && rule->has_body) {
      auto extra = std::make_shared<Rule>(*rule);
      extra->else_rule = nullptr;
      extra->loc = Loc(Cur());
      Next();
      extra->body = ParseBodyUntil(Tok::kRBrace);
      Next();
      m.rules.push_back(extra);
    }
  }

  void ParseRuleBody(Rule& r, const Token& start) {
    if (CurIsKw("if")) {
      Next();
      r.has_body = true;
      if (Is(Tok::kLBrace)) {
        // `if {...}` is a body, unless it only parses as a term (`if {x: 1 | ...}`)
        size_t save = pos_;
        int depth = depth_;
        try {
          Next();
          r.body = ParseBodyUntil(Tok::kRBrace);
          Next();
        } catch (const ParseFail&) {
          pos_ = save;
          depth_ = depth;
          NlGuard g(this, true);
          r.body.exprs.clear();
          r.body.exprs.push_back(ParseLiteral());
        }
      } else {
        NlGuard g(this, true);
        r.body.exprs.push_back(ParseLiteral());
      }
      return;
    }
    if (Is(Tok::kLBrace)) {
      if (v1_) Fail(Cur(), "`if` keyword is required before rule body");
      Next();
      r.has_body = true;
      r.body = ParseBodyUntil(Tok::kRBrace);
      Next();
      return;
    }
    (void)start;
    // no body: `p := 1`, `p`
    Expr e;
    e.loc = r.loc;
    e.terms.push_back(MakeValue(Value::Bool(true), r.loc));
    r.body.exprs.push_back(std::move(e));
  }

  // ---- bodies and literals
  Body ParseBodyUntil(Tok end) {
    DepthGuard dg(this);
    NlGuard g(this, true);
    Body b;
    while (Is(Tok::kSemicolon)) Next();
    while (!Is(end)) {
      if (Is(Tok::kEof)) Fail(Cur(), "unexpected eof token");
      b.exprs.push_back(ParseLiteral());
      if (Is(Tok::kSemicolon)) {
        while (Is(Tok::kSemicolon)) Next();
        continue;
      }
      if (Is(end)) break;
      if (!Cur().newline_before) Fail(Cur(), "unexpected " + Describe(Cur()));
    }
    if (b.exprs.empty()) Fail(Cur(), "found empty body");
    if (b.exprs.size() > kMaxBodyExprs) Fail(Cur(), "body has too many expressions");
    return b;
  }

  Expr ParseLiteral() {
    DepthGuard dg(this);
    Token start = Cur();
    Expr e;
    e.loc = Loc(start);
    if (IsIdent("some") && !(Peek().kind == Tok::kLParen && !Peek().space_before)) {
      Next();
      std::vector<TermPtr> terms;
      bool saved = kw_in_;
      while (true) {
        terms.push_back(ParseTermRel());
        if (Is(Tok::kComma)) {
          Next();
          continue;
        }
        break;
      }
      (void)saved;
      if (IsIdent("in")) {
        Next();
        if (terms.size() > 2) Fail(start, "unexpected , in some");
        e.kind = ExprKind::kSomeIn;
        TermPtr coll = ParseTermRel();
        if (terms.size() == 2) {
          e.terms = {terms[0], terms[1], coll};
        } else {
          e.terms = {nullptr, terms[0], coll};
        }
      } else {
        for (auto& t : terms)
          if (t->kind != TermKind::kVar) Fail(start, "expected var in some declaration");
        e.kind = ExprKind::kSome;
        e.terms = terms;
      }
      ParseWiths(e);
      SetText(e, start);
      return e;
    }
    if (CurIsKw("every")) {
      Next();
      TermPtr a = ParseTermRel();
      TermPtr b;
      if (Is(Tok::kComma)) {
        Next();
        b = ParseTermRel();
      }
      if (!IsIdent("in")) Fail(Cur(), "expected `in` in every");
      Next();
      TermPtr dom = ParseTermRel();
      Expect(Tok::kLBrace, "{");
      e.kind = ExprKind::kEvery;
      e.body = std::make_shared<Body>(ParseBodyUntil(Tok::kRBrace));
      Next();
      if (b) {
        e.terms = {a, b, dom};
      } else {
        e.terms = {nullptr, a, dom};
      }
      for (size_t i = 0; i < 2; ++i)
        if (e.terms[i] && e.terms[i]->kind != TermKind::kVar)
          Fail(start, "unexpected term in every, expected var");
      ParseWiths(e);
      SetText(e, start);
      return e;
    }
    if (IsIdent("not") && !(Peek().kind == Tok::kLParen && !Peek().space_before)) {
      Next();
      e.negated = true;
    }
    TermPtr lhs = ParseMember3(ParseTermIn());
    if ((Is(Tok::kAssign) || Is(Tok::kUnify)) && Cont()) {
      e.kind = Is(Tok::kAssign) ? ExprKind::kAssign : ExprKind::kUnify;
      Next();
      TermPtr rhs = ParseTermIn();
      e.terms = {lhs, rhs};
    } else {
      e.kind = ExprKind::kTerm;
      e.terms = {lhs};
    }
    ParseWiths(e);
    SetText(e, start);
    return e;
  }

  void ParseWiths(Expr& e) {
    while (IsIdent("with")) {
      Next();
      With w;
      w.target = ParseTermRel();
      if (!IsIdent("as")) Fail(Cur(), "expected as");
      Next();
      w.value = ParseTermIn();
      e.withs.push_back(std::move(w));
    }
  }

  void SetText(Expr& e, const Token& start) {
    size_t end = toks_[pos_ > 0 ? pos_ - 1 : 0].end;
    if (end > start.offset) e.text = std::string(src_.substr(start.offset, end - start.offset));
  }

  // `k, v in coll` (internal.member_3) where a comma cannot separate list items.
  TermPtr ParseMember3(TermPtr lhs) {
    if (!(kw_in_ && Is(Tok::kComma))) return lhs;
    size_t save = pos_;
    Next();
    TermPtr val = ParseTermRel();
    if (!IsIdent("in")) {
      pos_ = save;
      return lhs;
    }
    Token op = Next();
    TermPtr coll = ParseTermRel();
    TermPtr t = MakeCall("internal.member_3", {lhs, val, coll}, Loc(op));
    while (IsIdent("in") && Cont()) {
      Token o2 = Next();
      TermPtr rhs = ParseTermRel();
      t = MakeCall("internal.member_2", {t, rhs}, Loc(o2));
    }
    return t;
  }

  // ---- terms with operators
  TermPtr ParseTermIn() {
    DepthGuard dg(this);
    TermPtr lhs = ParseTermRel();
    while (kw_in_ && IsIdent("in") && Cont()) {
      Token op = Next();
      TermPtr rhs = ParseTermRel();
      lhs = MakeCall("internal.member_2", {lhs, rhs}, Loc(op));
    }
    return lhs;
  }

  TermPtr ParseTermRel() {
    TermPtr lhs = ParseTermOr();
    while (Cont()) {
      const char* name = nullptr;
      switch (Cur().kind) {
        case Tok::kEq:
          name = "equal";
          break;
        case Tok::kNeq:
          name = "neq";
          break;
        case Tok::kLt:
          name = "lt";
          break;
        case Tok::kLte:
          name = "lte";
          break;
        case Tok::kGt:
          name = "gt";
          break;
        case Tok::kGte:
          name = "gte";
          break;
        default:
          break;
      }
      if (!name) break;
      Next();
      TermPtr rhs = ParseTermOr();
      lhs = MakeCall(name, {lhs, rhs}, lhs->loc);
    }
    return lhs;
  }

  TermPtr ParseTermOr() {
    TermPtr lhs = ParseTermAnd();
    while (!no_bar_ && Is(Tok::kBar) && Cont()) {
      Next();
      TermPtr rhs = ParseTermAnd();
      lhs = MakeCall("or", {lhs, rhs}, lhs->loc);
    }
    return lhs;
  }

  TermPtr ParseTermAnd() {
    TermPtr lhs = ParseTermArith();
    while (Is(Tok::kAmp) && Cont()) {
      Next();
      TermPtr rhs = ParseTermArith();
      lhs = MakeCall("and", {lhs, rhs}, lhs->loc);
    }
    return lhs;
  }

  TermPtr ParseTermArith() {
    TermPtr lhs = ParseTermFactor();
    while ((Is(Tok::kPlus) || Is(Tok::kMinus)) && Cont()) {
      const char* name = Is(Tok::kPlus) ? "plus" : "minus";
      Next();
      TermPtr rhs = ParseTermFactor();
      lhs = MakeCall(name, {lhs, rhs}, lhs->loc);
    }
    return lhs;
  }

  TermPtr ParseTermFactor() {
    TermPtr lhs = ParsePrimary();
    while ((Is(Tok::kStar) || Is(Tok::kSlash) || Is(Tok::kPercent)) && Cont()) {
      const char* name = Is(Tok::kStar) ? "mul" : Is(Tok::kSlash) ? "div" : "rem";
      Next();
      TermPtr rhs = ParsePrimary();
      lhs = MakeCall(name, {lhs, rhs}, lhs->loc);
    }
    return lhs;
  }

  static Value NumberValue(const std::string& text, bool neg) {
    bool integral = text.find_first_of(".eE") == std::string::npos;
    if (integral) {
      std::string digits = neg ? "-" + text : text;
      int64_t v = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc() && end == digits.data() + digits.size()) return Value::Int(v);
    }
    double d = std::strtod(text.c_str(), nullptr);
    return Value::Float(neg ? -d : d);
  }

  TermPtr ParsePrimary() {
    DepthGuard dg(this);
    const Token& t = Cur();
    Location loc = Loc(t);
    TermPtr term;
    switch (t.kind) {
      case Tok::kNumber:
        term = MakeValue(NumberValue(Next().text, false), loc);
        return term;
      case Tok::kString:
        term = MakeValue(Value::String(Next().text), loc);
        break;
      case Tok::kMinus: {
        Next();
        if (Is(Tok::kNumber) && !Cur().space_before)
          return MakeValue(NumberValue(Next().text, true), loc);
        TermPtr operand = ParsePrimary();
        return MakeCall("minus", {MakeValue(Value::Int(0), loc), operand}, loc);
      }
      case Tok::kLParen: {
        Next();
        NlGuard g(this, false);
        term = ParseMember3(ParseTermIn());
        Expect(Tok::kRParen, ")");
        break;
      }
      case Tok::kLBracket:
        term = ParseArray();
        break;
      case Tok::kLBrace:
        term = ParseBraced();
        break;
      case Tok::kIdent: {
        if (t.text == "true" || t.text == "false") {
          term = MakeValue(Value::Bool(Next().text == "true"), loc);
          return term;
        }
        if (t.text == "null") {
          Next();
          return MakeValue(Value::Null(), loc);
        }
        if (IsKeyword(t) && !(Peek().kind == Tok::kLParen && !Peek().space_before))
          Fail(t, "unexpected " + t.text + " keyword");
        term = MakeVar(Next().text, loc);
        break;
      }
      default:
        Fail(t, "unexpected " + Describe(t));
    }
    return ParseRefTail(term);
  }

  TermPtr ParseRefTail(TermPtr term) {
    while (true) {
      if (Is(Tok::kDot) && !Cur().space_before && !Cur().newline_before) {
        Next();
        if (Cur().kind != Tok::kIdent) Fail(Cur(), "expected identifier after .");
        Token k = Next();
        term = Append(term, MakeValue(Value::String(k.text), Loc(k)));
      } else if (Is(Tok::kLBracket) && !Cur().space_before) {
        Next();
        NlGuard g(this, false);
        TermPtr key = ParseTermIn();
        Expect(Tok::kRBracket, "]");
        term = Append(term, key);
      } else if (Is(Tok::kLParen) && !Cur().space_before) {
        Token open = Next();
        std::string name = CallName(term, open);
        std::vector<TermPtr> args;
        {
          NlGuard g(this, false);
          while (!Is(Tok::kRParen)) {
            args.push_back(ParseTermIn());
            if (Is(Tok::kComma)) {
              Next();
              continue;
            }
            if (!Is(Tok::kRParen)) Fail(Cur(), "unexpected " + Describe(Cur()));
          }
          Next();
        }
        term = MakeCall(name, std::move(args), term->loc);
      } else {
        return term;
      }
    }
  }

  std::string CallName(const TermPtr& t, const Token& at) {
    if (t->kind == TermKind::kVar) return t->name;
    if (t->kind == TermKind::kRef && t->args[0]->kind == TermKind::kVar) {
      std::string n = t->args[0]->name;
      for (size_t i = 1; i < t->args.size(); ++i) {
        const Term& k = *t->args[i];
        if (k.kind != TermKind::kValue || !k.value.is_string()) Fail(at, "invalid function name");
        n += "." + k.value.string();
      }
      return n;
    }
    Fail(at, "invalid call");
  }

  static TermPtr Append(TermPtr base, TermPtr key) {
    if (base->kind == TermKind::kRef) {
      auto t = std::make_shared<Term>(*base);
      t->args.push_back(std::move(key));
      return t;
    }
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kRef;
    t->loc = base->loc;
    t->args = {std::move(base), std::move(key)};
    return t;
  }

  TermPtr ParseArray() {
    Token open = Next();
    Location loc = Loc(open);
    NlGuard g(this, false);
    auto t = std::make_shared<Term>();
    t->kind = TermKind::kArray;
    t->loc = loc;
    if (Is(Tok::kRBracket)) {
      Next();
      return t;
    }
    no_bar_ = true;
    TermPtr first = ParseTermIn();
    no_bar_ = false;
    if (Is(Tok::kBar)) {
      Next();
      t->kind = TermKind::kArrayCompr;
      t->args = {first};
      t->body = std::make_shared<Body>(ParseBodyUntil(Tok::kRBracket));
      Next();
      return t;
    }
    t->args.push_back(first);
    while (Is(Tok::kComma)) {
      Next();
      if (Is(Tok::kRBracket)) break;
      t->args.push_back(ParseTermIn());
    }
    Expect(Tok::kRBracket, "]");
    return t;
  }

  TermPtr ParseBraced() {
    Token open = Next();
    Location loc = Loc(open);
    NlGuard g(this, false);
    auto t = std::make_shared<Term>();
    t->loc = loc;
    if (Is(Tok::kRBrace)) {
      Next();
      t->kind = TermKind::kObject;
      return t;
    }
    no_bar_ = true;
    TermPtr first = ParseTermIn();
    no_bar_ = false;
    if (Is(Tok::kColon)) {
      Next();
      no_bar_ = true;
      TermPtr val = ParseTermIn();
      no_bar_ = false;
      if (Is(Tok::kBar)) {
        Next();
        t->kind = TermKind::kObjectCompr;
        t->args = {first, val};
        t->body = std::make_shared<Body>(ParseBodyUntil(Tok::kRBrace));
        Next();
        return t;
      }
      t->kind = TermKind::kObject;
      t->args = {first, val};
      while (Is(Tok::kComma)) {
        Next();
        if (Is(Tok::kRBrace)) break;
        TermPtr k = ParseTermIn();
        Expect(Tok::kColon, ":");
        TermPtr v = ParseTermIn();
        t->args.push_back(k);
        t->args.push_back(v);
      }
      Expect(Tok::kRBrace, "}");
      return t;
    }
    if (Is(Tok::kBar)) {
      Next();
      t->kind = TermKind::kSetCompr;
      t->args = {first};
      t->body = std::make_shared<Body>(ParseBodyUntil(Tok::kRBrace));
      Next();
      return t;
    }
    t->kind = TermKind::kSet;
    t->args.push_back(first);
    while (Is(Tok::kComma)) {
      Next();
      if (Is(Tok::kRBrace)) break;
      t->args.push_back(ParseTermIn());
    }
    Expect(Tok::kRBrace, "}");
    return t;
  }

  std::string_view src_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  const std::string* file_;
  bool v1_;
  bool kw_if_ = false, kw_contains_ = false, kw_in_ = false, kw_every_ = false;
  bool nl_sensitive_ = false;
  bool no_bar_ = false;
  int depth_ = 0;
  bool head_last_bracket_ = false;
};

Result<Value> ConstantValue(const Term& t) {
  switch (t.kind) {
    case TermKind::kValue:
      return t.value;
    case TermKind::kArray: {
      Array a;
      for (auto& e : t.args) {
        AFS_ASSIGN_OR_RETURN(Value v, ConstantValue(*e));
        a.push_back(std::move(v));
      }
      return Value::FromArray(std::move(a));
    }
    case TermKind::kSet: {
      Set s;
      for (auto& e : t.args) {
        AFS_ASSIGN_OR_RETURN(Value v, ConstantValue(*e));
        s.insert(std::move(v));
      }
      return Value::FromSet(std::move(s));
    }
    case TermKind::kObject: {
      Object o;
      for (size_t i = 0; i + 1 < t.args.size(); i += 2) {
        AFS_ASSIGN_OR_RETURN(Value k, ConstantValue(*t.args[i]));
        AFS_ASSIGN_OR_RETURN(Value v, ConstantValue(*t.args[i + 1]));
        o[std::move(k)] = std::move(v);
      }
      return Value::FromObject(std::move(o));
    }
    case TermKind::kCall:
      if (t.name == "set" && t.args.empty()) return Value::FromSet({});
      break;
    default:
      break;
  }
  return Error(Errc::kInvalidArgument, "rego_parse_error: term is not a constant");
}

}  // namespace

Status ParseModule(std::string_view source, bool v1, Module& module) {
  AFS_ASSIGN_OR_RETURN(auto toks, Lex(module.filename, source));
  Parser p(source, std::move(toks), &module.filename, v1);
  try {
    p.ParseModule(module);
  } catch (const ParseFail& f) {
    return f.error;
  }
  return OkStatus();
}

Result<Body> ParseQuery(std::string_view source, const std::string* filename) {
  AFS_ASSIGN_OR_RETURN(auto toks, Lex(filename ? *filename : "query", source));
  Parser p(source, std::move(toks), filename, true);
  try {
    return p.ParseQueryBody();
  } catch (const ParseFail& f) {
    return f.error;
  }
}

Result<Value> ParseConstantTerm(std::string_view source) {
  AFS_ASSIGN_OR_RETURN(auto toks, Lex("term", source));
  static const std::string kName = "term";
  Parser p(source, std::move(toks), &kName, true);
  TermPtr t;
  try {
    t = p.ParseSingleTerm();
  } catch (const ParseFail& f) {
    return f.error;
  }
  return ConstantValue(*t);
}

}  // namespace attestfs::rego

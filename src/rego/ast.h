// AST: terms, expressions, bodies, rules and modules as the parser builds them and the compiler
// annotates them (variable slots, resolved references, call targets, evaluation order).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rego/value.h"

namespace attestfs::rego {

enum class RegoVersion;
struct BuiltinDef;
struct RuleNode;

struct Location {
  const std::string* file = nullptr;  // owned by the module
  int row = 1;
  int col = 1;
};

enum class TermKind : uint8_t {
  kValue,  // scalar or constant composite (value)
  kVar,
  kRef,  // args[0] head, args[1..] keys
  kArray,
  kObject,  // args: k0, v0, k1, v1, ...
  kSet,
  kArrayCompr,   // args[0] head
  kSetCompr,     // args[0] head
  kObjectCompr,  // args[0] key, args[1] value
  kCall,         // name; args
};

// Special slots of a kVar term after resolution.
constexpr int kSlotUnresolved = -1;
constexpr int kSlotData = -2;
constexpr int kSlotInput = -3;

struct Body;
struct Term;
using TermPtr = std::shared_ptr<Term>;

struct Term {
  TermKind kind = TermKind::kValue;
  Location loc;
  Value value;       // kValue
  std::string name;  // kVar: variable name; kCall: function name as written, then resolved
  int slot = kSlotUnresolved;  // kVar
  bool wildcard = false;       // kVar `_`
  std::vector<TermPtr> args;
  std::shared_ptr<Body> body;  // comprehensions
  // kCall after compile: a user function's node, or a builtin (else evaluator-internal).
  const RuleNode* fn_node = nullptr;
  const BuiltinDef* builtin = nullptr;
  int arity = -1;  // operands the callee takes (-1 = unknown/variadic)
  int height = 1;  // nesting of call terms (operator chains), bounded by the parser
};

enum class ExprKind : uint8_t { kTerm, kUnify, kAssign, kSome, kSomeIn, kEvery };

struct With {
  TermPtr target;  // ref (input..., data..., or a function name)
  TermPtr value;
  // after compile
  int root = 0;  // 0 input, 1 data, 2 function/builtin
  std::vector<Value> path;
  std::string fn_name;
};

struct Expr {
  ExprKind kind = ExprKind::kTerm;
  bool negated = false;
  Location loc;
  // kTerm: [t]; kUnify/kAssign: [lhs, rhs]; kSome: vars; kSomeIn/kEvery: [key|null, value, coll]
  std::vector<TermPtr> terms;
  std::shared_ptr<Body> body;  // kEvery
  std::vector<With> withs;
  std::string text;  // source text (query expressions)
  int orig = 0;      // position before safety reordering
};

struct Body {
  std::vector<Expr> exprs;
  std::vector<int> closure_free;  // closures (comprehensions, every): outer slots used inside
};

enum class RuleKind : uint8_t { kComplete, kPartialSet, kPartialObject, kFunction };

struct Rule {
  RuleKind kind = RuleKind::kComplete;
  bool is_default = false;
  Location loc;
  std::vector<TermPtr> head;  // ref as written: head[0] var, then keys
  std::vector<TermPtr> args;  // functions
  TermPtr key;                // partial set element
  TermPtr value;              // complete/object/function value; null = true
  Body body;
  std::shared_ptr<Rule> else_rule;
  bool has_body = false;
  // after compile
  std::vector<Value> path;    // data path of the static prefix
  std::vector<TermPtr> rest;  // non-static head segments (object rules)
  int num_slots = 0;
};

struct Import {
  std::vector<Value> path;  // first element "data" or "input"
  std::string alias;
  Location loc;
};

struct Module {
  std::string filename;
  std::vector<Value> package;  // without "data"
  std::vector<Import> imports;
  std::vector<std::shared_ptr<Rule>> rules;
  bool v1 = true;
};

}  // namespace attestfs::rego

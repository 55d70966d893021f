// required-evidence: evidence of a predicate type exists for the subject (signed, unless
// `evidence.signed: false`) and the newest such predicate meets every `where` condition,
// each an RFC 6901 JSON pointer compared with equals / not-equals / less-than / greater-than.
#include <nlohmann/json.hpp>

#include "base/json_depth.h"
#include "policy/rules/builtin_rules.h"

namespace attestfs::policy {

namespace {

using nlohmann::json;

struct Condition {
  std::string pointer;
  std::string op;  // "equals" | "not-equals" | "less-than" | "greater-than"
  json value;
};

// Compares for less-than / greater-than: numbers numerically, strings lexicographically
// (so RFC 3339 timestamps in UTC order correctly). Returns false when not comparable.
bool Compare(const json& a, const json& b, int* sign) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    *sign = x < y ? -1 : x > y ? 1 : 0;
    return true;
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.get<std::string>().compare(b.get<std::string>());
    *sign = c < 0 ? -1 : c > 0 ? 1 : 0;
    return true;
  }
  return false;
}

class RequiredEvidenceRule final : public Rule {
 public:
  RequiredEvidenceRule(std::string type, std::vector<Condition> where)
      : type_(std::move(type)), where_(std::move(where)) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    const EvidenceItem& item = *evidence.front();
    v.evidence_digest = item.digest;
    json pred = CheckJsonDepth(item.statement.predicate_json).ok()
                    ? json::parse(item.statement.predicate_json, nullptr, false)
                    : json(json::value_t::discarded);
    if (pred.is_discarded()) {
      v.reason = "evidence " + item.digest + ": predicate is not JSON";
      return v;
    }
    for (const auto& c : where_) {
      const json::json_pointer ptr(c.pointer);  // validated at load
      if (!pred.contains(ptr)) {
        v.reason =
            "predicate has no value at " + c.pointer + " (" + c.op + " " + c.value.dump() + ")";
        return v;
      }
      const json& actual = pred.at(ptr);
      bool ok = false;
      if (c.op == "equals") {
        ok = actual == c.value;
      } else if (c.op == "not-equals") {
        ok = actual != c.value;
      } else {
        int sign = 0;
        if (!Compare(actual, c.value, &sign)) {
          v.reason = c.pointer + " is " + actual.dump() + ", not comparable with " + c.value.dump();
          return v;
        }
        ok = c.op == "less-than" ? sign < 0 : sign > 0;
      }
      if (!ok) {
        v.reason = c.pointer + " is " + actual.dump().substr(0, 200) + ", required " + c.op + " " +
                   c.value.dump();
        return v;
      }
    }
    v.passed = true;
    v.reason = type_ + " evidence present" + (where_.empty() ? "" : ", all conditions met");
    return v;
  }

  std::vector<std::string> fixed_predicate_types() const override { return {type_}; }

 private:
  std::string type_;
  std::vector<Condition> where_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeRequiredEvidenceRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"predicate-type", "where"}));
  AFS_ASSIGN_OR_RETURN(auto type, with.RequiredString("predicate-type"));
  AFS_ASSIGN_OR_RETURN(auto entries, with.MapList("where", false));
  std::vector<Condition> where;
  for (const auto& e : entries) {
    AFS_TRY(e.CheckKnownKeys({"pointer", "equals", "not-equals", "less-than", "greater-than"}));
    Condition c;
    AFS_ASSIGN_OR_RETURN(c.pointer, e.RequiredString("pointer"));
    try {
      json::json_pointer check(c.pointer);
    } catch (const json::exception& ex) {
      return e.ErrorAt("pointer", "'" + c.pointer + "' is not an RFC 6901 JSON pointer");
    }
    int ops = 0;
    for (const char* op : {"equals", "not-equals", "less-than", "greater-than"}) {
      if (!e.Has(op)) continue;
      ++ops;
      c.op = op;
      AFS_ASSIGN_OR_RETURN(auto text, e.ValueAsJson(op));
      c.value = json::parse(text);
    }
    if (ops != 1)
      return e.ErrorAt("pointer",
                       "needs exactly one of equals, not-equals, less-than, greater-than");
    if ((c.op == "less-than" || c.op == "greater-than") && !c.value.is_number() &&
        !c.value.is_string()) {
      return e.ErrorAt(c.op, "needs a number or a string");
    }
    where.push_back(std::move(c));
  }
  return std::unique_ptr<Rule>(new RequiredEvidenceRule(std::move(type), std::move(where)));
}

}  // namespace attestfs::policy

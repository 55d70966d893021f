// RegoVerdict: valint / conftest / bare-allow result contracts (see rego_verdict.h).
#include "policy/rego_verdict.h"

#include <optional>

namespace attestfs::policy {

namespace {

using rego::Value;

// A violation entry as one line: strings as they are, {"msg": ...} by its message, anything
// else as compact JSON.
std::string Line(const Value& v) {
  if (v.is_string()) return v.string();
  if (v.is_object()) {
    for (const char* key : {"msg", "message", "reason"}) {
      const Value* m = v.Get(Value::String(key));
      if (m && m->is_string()) return m->string();
    }
  }
  return v.ToJson();
}

void AppendAll(const Value& collection, std::vector<std::string>& out) {
  if (collection.is_set()) {
    for (const auto& e : collection.set()) out.push_back(Line(e));
  } else if (collection.is_array()) {
    for (const auto& e : collection.array()) out.push_back(Line(e));
  } else if (!collection.is_null()) {
    out.push_back(Line(collection));
  }
}

const Value* Member(const Value& object, const char* key) { return object.Get(Value::String(key)); }

Result<RegoVerdict> FromValint(const Value& verify) {
  if (!verify.is_object()) {
    return Error(Errc::kPolicyDenied, "verify is a " + std::string(verify.TypeName()) +
                                          ", not an object {allow, violation, summary}");
  }
  RegoVerdict v;
  v.contract = "valint";
  const Value* allow = Member(verify, "allow");
  if (!allow || !allow->is_bool()) {
    return Error(Errc::kPolicyDenied, "verify.allow is missing or not a boolean");
  }
  v.allow = allow->boolean();
  auto read_violation = [&](const Value& holder) {
    const Value* violation = Member(holder, "violation");
    if (!violation || !violation->is_object()) return;
    const Value* details = Member(*violation, "details");
    const Value* type = Member(*violation, "type");
    std::vector<std::string> lines;
    if (details) AppendAll(*details, lines);
    for (auto& l : lines) {
      v.violations.push_back(type && type->is_string() ? type->string() + ": " + l : l);
    }
  };
  read_violation(verify);
  if (const Value* summary = Member(verify, "summary"); summary && summary->is_array()) {
    for (const auto& s : summary->array()) {
      if (!s.is_object()) continue;
      if (const Value* r = Member(s, "reason"); r) v.reasons.push_back(Line(*r));
      read_violation(s);
    }
  }
  return v;
}

}  // namespace

std::string DeclaredPackage(const std::string& source) {
  size_t pos = 0;
  while (pos < source.size()) {
    size_t end = source.find('\n', pos);
    if (end == std::string::npos) end = source.size();
    std::string_view line(source.data() + pos, end - pos);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.substr(0, 8) == "package ") {
      line.remove_prefix(8);
      size_t stop = line.find_first_of(" \t\r#");
      return std::string(line.substr(0, stop));
    }
    pos = end + 1;
  }
  return "";
}

Result<RegoVerdict> ReadRegoVerdict(rego::Engine& engine, const std::string& package) {
  const std::string base = "data." + package + ".";
  auto eval = [&](const char* name) -> Result<std::optional<Value>> {
    return engine.EvalRef(base + name);
  };
  AFS_ASSIGN_OR_RETURN(auto verify, eval("verify"));
  if (verify) return FromValint(*verify);

  AFS_ASSIGN_OR_RETURN(auto deny, eval("deny"));
  AFS_ASSIGN_OR_RETURN(auto violation, eval("violation"));
  AFS_ASSIGN_OR_RETURN(auto warn, eval("warn"));
  if (deny || violation || warn) {
    RegoVerdict v;
    v.contract = "conftest";
    if (deny) AppendAll(*deny, v.violations);
    if (violation) AppendAll(*violation, v.violations);
    if (warn) AppendAll(*warn, v.warnings);
    v.allow = v.violations.empty();
    return v;
  }
  AFS_ASSIGN_OR_RETURN(auto allow, eval("allow"));
  if (allow) {
    RegoVerdict v;
    v.contract = "allow";
    v.allow = allow->is_bool() && allow->boolean();
    if (!allow->is_bool()) {
      v.violations.push_back(base + "allow is a " + allow->TypeName() + ", not a boolean");
    }
    return v;
  }
  return Error(Errc::kPolicyDenied,
               "the policy decided nothing: " + base +
                   "verify, deny, violation, warn and allow are all undefined");
}

}  // namespace attestfs::policy

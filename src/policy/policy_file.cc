// PolicyFile loading: schema checks (names, uniqueness, levels, known rules), per-rule
// argument validation through the rule factories, evidence selection, and policy trust.
#include "policy/policy_file.h"

#include <set>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "policy/policy_node.h"
#include "policy/policy_trust.h"
#include "policy/rules/builtin_rules.h"
#include "policy/signer_constraint.h"

namespace attestfs::policy {

namespace {

std::string KnownRuleList() {
  std::string out;
  for (auto id : BuiltinRuleIds()) out += (out.empty() ? "" : ", ") + std::string(id);
  return out;
}

Status ParseEvidence(const PolicyNode& rule, RuleSpec& spec) {
  spec.evidence.predicate_types = DefaultPredicateTypes(spec.uses);
  AFS_ASSIGN_OR_RETURN(auto ev, rule.Map("evidence"));
  if (ev) {
    AFS_TRY(ev->CheckKnownKeys({"predicate-type", "signed"}));
    if (ev->Has("predicate-type")) {
      if (spec.uses == "required-evidence") {
        return ev->ErrorAt("predicate-type",
                           "required-evidence takes its type from with.predicate-type");
      }
      AFS_ASSIGN_OR_RETURN(spec.evidence.predicate_types, ev->StringList("predicate-type", true));
    }
    AFS_ASSIGN_OR_RETURN(auto sig, ev->Bool("signed"));
    if (sig) {
      if (!*sig && spec.uses == "signer-identity") {
        return ev->ErrorAt("signed",
                           "signer-identity only reads evidence whose signature verified");
      }
      spec.evidence.signed_only = *sig;
    }
  }
  if (auto fixed = spec.rule->fixed_predicate_types(); !fixed.empty()) {
    spec.evidence.predicate_types = std::move(fixed);
  }
  return OkStatus();
}

Result<RuleSpec> ParseRule(const PolicyNode& rule) {
  AFS_TRY(
      rule.CheckKnownKeys({"name", "uses", "level", "enable", "with", "evidence", "description"}));
  RuleSpec spec;
  spec.line = rule.line();
  AFS_ASSIGN_OR_RETURN(spec.name, rule.RequiredString("name"));
  AFS_ASSIGN_OR_RETURN(spec.uses, rule.RequiredString("uses"));
  if (!IsBuiltinRule(spec.uses)) {
    return rule.ErrorAt(
        "uses", "unknown rule '" + spec.uses + "' (built-in rules: " + KnownRuleList() + ")");
  }
  AFS_ASSIGN_OR_RETURN(auto level, rule.Enum("level", {"error", "warning"}, "error"));
  spec.level = level == "warning" ? Level::kWarning : Level::kError;
  AFS_ASSIGN_OR_RETURN(auto enable, rule.Bool("enable"));
  spec.enabled = enable.value_or(true);
  AFS_ASSIGN_OR_RETURN(auto with, rule.MapOrEmpty("with"));
  AFS_ASSIGN_OR_RETURN(auto built, MakeBuiltinRule(spec.uses, with));
  spec.rule = std::shared_ptr<const Rule>(std::move(built));
  AFS_TRY(ParseEvidence(rule, spec));
  return spec;
}

Result<PolicySpec> ParsePolicy(const PolicyNode& node) {
  AFS_TRY(node.CheckKnownKeys({"name", "enable", "rules", "description"}));
  PolicySpec p;
  p.line = node.line();
  AFS_ASSIGN_OR_RETURN(p.name, node.RequiredString("name"));
  AFS_ASSIGN_OR_RETURN(auto enable, node.Bool("enable"));
  p.enabled = enable.value_or(true);
  AFS_ASSIGN_OR_RETURN(auto rules, node.MapList("rules", true));
  if (rules.size() > kMaxRulesPerPolicy) {
    return node.ErrorAt("rules", "more than " + std::to_string(kMaxRulesPerPolicy) + " rules");
  }
  std::set<std::string> names;
  for (const auto& r : rules) {
    AFS_ASSIGN_OR_RETURN(auto spec, ParseRule(r));
    if (!names.insert(spec.name).second) {
      return r.ErrorAt("name",
                       "duplicate rule name '" + spec.name + "' in policy '" + p.name + "'");
    }
    p.rules.push_back(std::move(spec));
  }
  return p;
}

std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

Result<PolicyFile> PolicyFile::Load(const std::string& path) {
  auto text = ReadFileLimited(path, kMaxPolicyFileBytes);
  if (!text.ok()) {
    // A policy that cannot be read is a usage problem (exit 2), like a malformed one.
    return Error(Errc::kUsage, "policy file " + path + ": " + text.error().message());
  }
  return Parse(*text, path, DirName(path));
}

Result<PolicyFile> PolicyFile::Parse(std::string_view yaml_text, const std::string& display_path,
                                     const std::string& base_dir) {
  if (yaml_text.size() > kMaxPolicyFileBytes) {
    return Error(Errc::kUsage, display_path + ": policy file larger than " +
                                   std::to_string(kMaxPolicyFileBytes) + " bytes");
  }
  AFS_ASSIGN_OR_RETURN(auto doc, PolicyNode::ParseDocument(yaml_text, display_path, base_dir));
  AFS_TRY(doc.CheckKnownKeys({"policies"}));
  AFS_ASSIGN_OR_RETURN(auto list, doc.MapList("policies", true));
  if (list.size() > kMaxPoliciesPerFile) {
    return doc.ErrorAt("policies",
                       "more than " + std::to_string(kMaxPoliciesPerFile) + " policies");
  }
  PolicyFile file;
  file.path_ = display_path;
  file.digest_ = digest::Sha256(yaml_text).ToString();
  std::set<std::string> names;
  for (const auto& node : list) {
    AFS_ASSIGN_OR_RETURN(auto p, ParsePolicy(node));
    if (!names.insert(p.name).second) {
      return node.ErrorAt("name", "duplicate policy name '" + p.name + "'");
    }
    file.policies_.push_back(std::move(p));
  }
  return file;
}

bool PolicyFile::HasSignerIdentity() const {
  for (const auto& p : policies_) {
    if (!p.enabled) continue;
    for (const auto& r : p.rules) {
      if (r.enabled && r.rule->signer_constraint() != nullptr) return true;
    }
  }
  return false;
}

Result<std::unique_ptr<keys::TrustPolicy>> PolicyFile::TrustFromPolicy() const {
  std::vector<SignerConstraint> constraints;
  for (const auto& p : policies_) {
    if (!p.enabled) continue;
    for (const auto& r : p.rules) {
      if (!r.enabled) continue;
      if (const SignerConstraint* c = r.rule->signer_constraint()) constraints.push_back(*c);
    }
  }
  if (constraints.empty()) {
    return Error(Errc::kUsage,
                 "policy " + path_ +
                     " has no enabled signer-identity rule to verify signatures with; "
                     "give --key or --ca-roots");
  }
  return std::unique_ptr<keys::TrustPolicy>(new PolicyTrust(std::move(constraints)));
}

}  // namespace attestfs::policy

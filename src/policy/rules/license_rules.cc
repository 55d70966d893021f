// license-allowlist / license-denylist over the licenses an ML-BOM declares for the model
// and its datasets. An SPDX expression passes the allowlist when some choice of its OR
// branches uses only allowed licenses, and passes the denylist when some choice avoids every
// denied one. Ids compare case-insensitively and ignoring "-only", "-or-later" and "+".
#include <algorithm>
#include <cctype>

#include "policy/bom_licenses.h"
#include "policy/rules/builtin_rules.h"
#include "policy/spdx_expression.h"

namespace attestfs::policy {

namespace {

// "GPL-3.0-or-later" -> "gpl-3.0"; "Apache-2.0" -> "apache-2.0".
std::string BaseId(std::string_view id) {
  std::string s(id);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s.ends_with("+")) s.pop_back();
  for (std::string_view suffix : {"-only", "-or-later"}) {
    if (s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  }
  return s;
}

bool InList(const std::vector<std::string>& list, const SpdxLicense& l) {
  const std::string id = BaseId(l.id);
  const std::string full = BaseId(l.ToString());
  for (const auto& e : list) {
    const std::string b = BaseId(e);
    if (b == id || b == full) return true;
  }
  return false;
}

bool IsUnknown(const std::string& expr) {
  std::string s = BaseId(expr);
  return s.empty() || s == "noassertion" || s == "unknown";
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

class LicenseRule final : public Rule {
 public:
  LicenseRule(bool allowlist, std::vector<std::string> list, bool unknown_fails)
      : allowlist_(allowlist), list_(std::move(list)), unknown_fails_(unknown_fails) {}

  RuleVerdict Check(const std::vector<const EvidenceItem*>& evidence,
                    const RuleEnv& env) const override {
    RuleVerdict v;
    if (evidence.empty()) {
      v.reason = NoEvidenceReason(env);
      return v;
    }
    const EvidenceItem& item = *evidence.front();  // the newest BOM decides
    v.evidence_digest = item.digest;
    auto comps = ExtractBomLicenses(item.statement.predicate_json);
    if (!comps.ok()) {
      v.reason = "evidence " + item.digest + ": " + comps.error().message();
      return v;
    }
    std::vector<std::string> seen;
    bool any_license = false;
    for (const auto& c : *comps) {
      std::vector<std::string> exprs;
      for (const auto& e : c.expressions) {
        if (!IsUnknown(e)) exprs.push_back(e);
      }
      if (exprs.empty()) {
        if (allowlist_ && unknown_fails_) {
          v.reason = c.component + " declares no license (unknown: fail)";
          return v;
        }
        continue;
      }
      for (const auto& text : exprs) {
        any_license = true;
        auto expr = SpdxExpression::Parse(text);
        if (!expr.ok()) {
          v.reason = c.component + ": " + expr.error().message();
          return v;
        }
        auto accept = [&](const SpdxLicense& l) { return InList(list_, l) == allowlist_; };
        if (!expr->SatisfiableWith(accept)) {
          std::vector<std::string> offending;
          for (const auto& l : expr->Licenses()) {
            if (!accept(l)) offending.push_back(l.ToString());
          }
          v.reason =
              c.component + " license '" + Join(offending) + "'" +
              (allowlist_ ? " is not in the allowlist [" : " is in the denylist [") + Join(list_) +
              "]" +
              (offending.size() == 1 && text == offending[0] ? "" : " (expression '" + text + "')");
          return v;
        }
        seen.push_back(text + " (" + c.component + ")");
      }
    }
    if (!any_license && allowlist_ && unknown_fails_) {
      v.reason = "the BOM declares no model or dataset license (unknown: fail)";
      return v;
    }
    v.passed = true;
    v.reason = seen.empty() ? "no license declared"
                            : (allowlist_ ? "allowed: " : "none denied: ") + Join(seen);
    return v;
  }

 private:
  bool allowlist_;
  std::vector<std::string> list_;
  bool unknown_fails_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeLicenseAllowlistRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"allow", "unknown"}));
  AFS_ASSIGN_OR_RETURN(auto allow, with.StringList("allow", true));
  AFS_ASSIGN_OR_RETURN(auto unknown, with.Enum("unknown", {"fail", "pass"}, "fail"));
  return std::unique_ptr<Rule>(new LicenseRule(true, std::move(allow), unknown == "fail"));
}

Result<std::unique_ptr<Rule>> MakeLicenseDenylistRule(const PolicyNode& with) {
  AFS_TRY(with.CheckKnownKeys({"deny"}));
  AFS_ASSIGN_OR_RETURN(auto deny, with.StringList("deny", true));
  return std::unique_ptr<Rule>(new LicenseRule(false, std::move(deny), false));
}

}  // namespace attestfs::policy

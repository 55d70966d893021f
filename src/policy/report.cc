// Text, JSON and SARIF 2.1.0 renderers (nlohmann/json stays in this file).
#include "policy/report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/clock.h"

namespace attestfs::policy {

namespace {

using ojson = nlohmann::ordered_json;

std::string RuleId(const RuleResult& r) { return r.policy + "/" + r.rule; }

// Percent-encodes what may not appear in a URI reference (RFC 3986), keeping '/'.
std::string UriReference(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) ||
        std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Summary(const Decision& d) {
  return std::to_string(d.CountOutcome(Outcome::kPass)) + " passed, " +
         std::to_string(d.CountOutcome(Outcome::kFail)) + " failed, " +
         std::to_string(d.CountOutcome(Outcome::kWarn)) + " warned, " +
         std::to_string(d.CountOutcome(Outcome::kSkip)) + " skipped";
}

}  // namespace

std::string RenderText(const Decision& d) {
  std::vector<std::array<std::string, 6>> rows;
  rows.push_back({"POLICY", "RULE", "USES", "LEVEL", "RESULT", "REASON"});
  for (const auto& r : d.results) {
    std::string result(OutcomeName(r.outcome));
    std::transform(result.begin(), result.end(), result.begin(), ::toupper);
    rows.push_back({r.policy, r.rule, r.uses, std::string(LevelName(r.level)), result, r.reason});
  }
  std::array<size_t, 5> width{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out = "subject: " + d.subject_name +
                    (d.subject_digest.empty() ? "" : " (" + d.subject_digest + ")") +
                    "\npolicy:  " + d.policy_path + " (" + d.policy_digest + ")\n\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < width.size(); ++i)
      out += row[i] + std::string(width[i] - row[i].size() + 2, ' ');
    out += row[5] + "\n";
  }
  out += std::string("\nresult: ") + (d.ok ? "PASSED" : "FAILED") + " (" + Summary(d) + ")\n";
  return out;
}

std::string RenderJson(const Decision& d) {
  ojson results = ojson::array();
  for (const auto& r : d.results) {
    results.push_back(ojson{{"policy", r.policy},
                            {"rule", r.rule},
                            {"uses", r.uses},
                            {"level", LevelName(r.level)},
                            {"outcome", OutcomeName(r.outcome)},
                            {"evidence", r.evidence_digest},
                            {"reason", r.reason},
                            {"line", r.line}});
  }
  ojson j{{"passed", d.ok},
          {"policy", ojson{{"path", d.policy_path}, {"digest", d.policy_digest}}},
          {"subject", ojson{{"name", d.subject_name}, {"digest", d.subject_digest}}},
          {"evaluatedOn", FormatRfc3339(d.evaluated_at)},
          {"summary", ojson{{"pass", d.CountOutcome(Outcome::kPass)},
                            {"fail", d.CountOutcome(Outcome::kFail)},
                            {"warn", d.CountOutcome(Outcome::kWarn)},
                            {"skip", d.CountOutcome(Outcome::kSkip)}}},
          {"results", std::move(results)}};
  return j.dump(2) + "\n";
}

std::string RenderSarif(const Decision& d, std::string_view tool_version) {
  // SARIF 2.1.0 §3.13 sarifLog, §3.14 run, §3.18/3.19 tool/toolComponent (name required),
  // §3.49 reportingDescriptor (id required), §3.27 result (message required).
  ojson rules = ojson::array();
  ojson results = ojson::array();
  for (size_t i = 0; i < d.results.size(); ++i) {
    const RuleResult& r = d.results[i];
    rules.push_back(ojson{{"id", RuleId(r)},
                          {"name", r.uses},
                          {"shortDescription", ojson{{"text", "attestfs built-in rule " + r.uses +
                                                                  " (policy '" + r.policy + "')"}}},
                          {"defaultConfiguration", ojson{{"level", LevelName(r.level)},
                                                         {"enabled", r.outcome != Outcome::kSkip}}},
                          {"properties", ojson{{"uses", r.uses}}}});
    if (r.outcome != Outcome::kFail && r.outcome != Outcome::kWarn) continue;
    ojson loc{{"physicalLocation",
               ojson{{"artifactLocation", ojson{{"uri", UriReference(d.policy_path)}}}}}};
    if (r.line > 0) loc["physicalLocation"]["region"] = ojson{{"startLine", r.line}};
    ojson props{{"subject", d.subject_name}, {"subjectDigest", d.subject_digest}};
    if (!r.evidence_digest.empty()) props["evidence"] = r.evidence_digest;
    results.push_back(ojson{
        {"ruleId", RuleId(r)},
        {"ruleIndex", i},
        {"level", r.outcome == Outcome::kFail ? "error" : "warning"},
        {"message", ojson{{"text", r.reason.empty() ? std::string("rule failed") : r.reason}}},
        {"locations", ojson::array({std::move(loc)})},
        {"properties", std::move(props)}});
  }
  ojson driver{{"name", "attestfs"},
               {"informationUri", "https://attestfs.dev/"},
               {"rules", std::move(rules)}};
  if (!tool_version.empty()) driver["version"] = tool_version;
  ojson run{{"tool", ojson{{"driver", std::move(driver)}}},
            {"invocations", ojson::array({ojson{{"executionSuccessful", true},
                                                {"endTimeUtc", FormatRfc3339(d.evaluated_at)}}})},
            {"results", std::move(results)},
            {"properties", ojson{{"passed", d.ok},
                                 {"policyDigest", d.policy_digest},
                                 {"subject", d.subject_name},
                                 {"subjectDigest", d.subject_digest}}}};
  ojson log{{"$schema", kSarifSchemaUri},
            {"version", kSarifVersion},
            {"runs", ojson::array({std::move(run)})}};
  return log.dump(2) + "\n";
}

}  // namespace attestfs::policy

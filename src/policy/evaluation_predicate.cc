// The policy-evaluation predicate and its Statement (nlohmann/json stays in this file).
#include "policy/evaluation_predicate.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"

namespace attestfs::policy {

namespace {

using ojson = nlohmann::ordered_json;

// "sha256:<hex>" -> {"sha256": "<hex>"}; empty object when not "<alg>:<hex>".
ojson DigestSet(const std::string& digest) {
  const size_t colon = digest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= digest.size())
    return ojson::object();
  return ojson{{digest.substr(0, colon), digest.substr(colon + 1)}};
}

}  // namespace

std::string BuildEvaluationPredicate(const Decision& d) {
  ojson results = ojson::array();
  for (const auto& r : d.results) {
    results.push_back(ojson{{"policy", r.policy},
                            {"rule", r.rule},
                            {"uses", r.uses},
                            {"level", LevelName(r.level)},
                            {"outcome", OutcomeName(r.outcome)},
                            {"evidence", r.evidence_digest},
                            {"reason", r.reason}});
  }
  ojson j{{"passed", d.ok},
          {"policy", ojson{{"uri", d.policy_path}, {"digest", DigestSet(d.policy_digest)}}},
          {"subject", ojson{{"name", d.subject_name}, {"digest", DigestSet(d.subject_digest)}}},
          {"evaluatedOn", FormatRfc3339(d.evaluated_at)},
          {"results", std::move(results)}};
  return j.dump();
}

Result<attestation::Statement> BuildEvaluationStatement(const Decision& d) {
  const ojson set = DigestSet(d.subject_digest);
  if (set.empty() || !set.begin().value().is_string()) {
    return Error(Errc::kInvalidArgument,
                 "subject digest '" + d.subject_digest + "' is not <alg>:<hex>");
  }
  const std::string hex = set.begin().value().get<std::string>();
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return Error(Errc::kInvalidArgument, "subject digest '" + d.subject_digest + "' is not hex");
    }
  }
  attestation::Statement st;
  attestation::ResourceDescriptor rd;
  rd.name = d.subject_name.empty() ? "_" : d.subject_name;
  rd.digest[set.begin().key()] = hex;
  rd.annotations[std::string(attestation::kCreatedAnnotation)] = FormatRfc3339(d.evaluated_at);
  st.subjects.push_back(std::move(rd));
  st.predicate_type = std::string(attestation::kPolicyEvaluationPredicate);
  st.predicate_json = BuildEvaluationPredicate(d);
  return st;
}

}  // namespace attestfs::policy

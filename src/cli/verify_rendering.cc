// Text / JSON / SARIF output of `attestfs verify` (see verify_rendering.h).
#include "cli/verify_rendering.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "cli/exit_code.h"
#include "cli/reporting.h"
#include "policy/report.h"

namespace attestfs::cli {

namespace {

using Kind = app::VerifyResult::Kind;

const char* DifferenceName(verify::Difference::Kind k) {
  switch (k) {
    case verify::Difference::Kind::kChanged:
      return "changed";
    case verify::Difference::Kind::kAdded:
      return "added";
    case verify::Difference::Kind::kRemoved:
      return "removed";
  }
  return "?";
}

nlohmann::json TreeJson(const app::VerifyResult& r, const std::string& target) {
  const verify::VerificationReport& t = *r.tree;
  nlohmann::json j{{"verified", r.verified}, {"target", target},
                   {"name", t.subject_name}, {"subjectDigest", t.subject_digest},
                   {"reason", r.reason},     {"notes", t.notes}};
  nlohmann::json diffs = nlohmann::json::array();
  for (const auto& d : t.differences)
    diffs.push_back({{"kind", DifferenceName(d.kind)}, {"path", d.path}, {"detail", d.detail}});
  j["differences"] = diffs;
  if (r.used) {
    j["attestation"] = r.used->digest;
    j["predicateType"] = r.used->statement.predicate_type;
    j["signer"] = r.used->signer.description;
    if (auto c = r.used->statement.CreatedAt()) j["created"] = FormatRfc3339(*c);
  }
  nlohmann::json cands = nlohmann::json::array();
  for (const auto& c : t.candidates) {
    nlohmann::json cj{
        {"digest", c.digest}, {"verified", c.verified}, {"predicateType", c.predicate_type}};
    if (!c.error.empty()) cj["error"] = c.error;
    cands.push_back(cj);
  }
  j["candidates"] = cands;
  return j;
}

nlohmann::json ArtifactJson(const app::VerifyResult& r, const std::string& target) {
  const bool model = r.kind == Kind::kModel;
  nlohmann::json j{{"verified", r.verified},
                   {"target", target},
                   {"kind", model ? "model" : "image"},
                   {"manifestDigest", r.manifest.digest.ToString()},
                   {"reason", r.reason}};
  if (r.used) {
    j["attestation"] = r.used->digest;
    j["predicateType"] = r.used->statement.predicate_type;
    j["signer"] = r.used->signer.description;
  }
  if (model) j["files"] = r.files;
  if (r.kind == Kind::kImage) j["layers"] = r.layers;
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& v : r.verified_docs) {
    docs.push_back({{"digest", v.digest}, {"predicateType", v.statement.predicate_type}});
  }
  j["verifiedEvidence"] = docs;
  if (!r.evaluation_referrer.empty()) j["evaluationReferrer"] = r.evaluation_referrer;
  return j;
}

void PrintEvaluationNotes(const app::VerifyResult& r) {
  if (r.evaluation_skipped) {
    std::fprintf(stderr,
                 "attestfs: the policy evaluation is not signed: the target did not verify\n");
  } else if (r.evaluation && !r.evaluation_referrer.empty()) {
    std::fprintf(stderr,
                 "attestfs: policy evaluation %s signed, stored and attached as referrer %s\n",
                 r.evaluation->digest.c_str(), r.evaluation_referrer.c_str());
  } else if (r.evaluation) {
    std::fprintf(stderr, "attestfs: policy evaluation signed and stored as %s in %s\n",
                 r.evaluation->digest.c_str(), r.evaluation_store.c_str());
  }
}

}  // namespace

int RenderVerifyResult(const app::VerifyResult& r, const std::string& target, VerifyFormat format) {
  PrintEvaluationNotes(r);
  const bool policy_ok = r.PolicyOk();
  if (format == VerifyFormat::kSarif && r.decision) {
    std::printf("%s\n", policy::RenderSarif(*r.decision, kVersion).c_str());
  } else if (format != VerifyFormat::kText) {
    nlohmann::json j = r.kind == Kind::kTree ? TreeJson(r, target) : ArtifactJson(r, target);
    if (r.decision)
      j["policy"] = nlohmann::json::parse(policy::RenderJson(*r.decision), nullptr, false);
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    if (r.tree) {
      for (const auto& n : r.tree->notes) std::printf("note: %s\n", n.c_str());
      for (const auto& d : r.tree->differences) std::printf("%s\n", d.Line().c_str());
    }
    if (r.decision) std::printf("%s", policy::RenderText(*r.decision).c_str());
    const std::string manifest =
        r.kind == Kind::kTree ? "" : " (" + r.manifest.digest.ToString() + ")";
    std::printf("%s: %s%s: %s%s\n", r.verified && policy_ok ? "VERIFIED" : "FAILED", target.c_str(),
                manifest.c_str(), r.reason.c_str(), policy_ok ? "" : "; policy denied");
  }
  if (!r.verified) {
    return r.kind == Kind::kTree ? ExitCodeFor(r.failure) : kExitVerifyFailed;
  }
  return policy_ok ? kExitOk : ExitCodeFor(Errc::kPolicyDenied);
}

}  // namespace attestfs::cli

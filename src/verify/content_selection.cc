// Selection of the content attestation that decides among several documents.
#include "verify/content_selection.h"

#include <optional>

#include "verify/signed_time_order.h"

namespace attestfs::verify {

Status CheckArtifactSubject(const attestation::Statement& statement,
                            const std::string& content_subject, const digest::Digest& artifact) {
  std::vector<std::string> named;
  for (const auto& s : statement.subjects) {
    auto it = s.digest.find("sha256");
    if (it == s.digest.end()) continue;
    std::string d = "sha256:" + it->second;
    if (d == content_subject) continue;
    if (d == artifact.ToString()) return OkStatus();
    named.push_back(d);
  }
  if (named.empty()) return OkStatus();
  std::string list;
  for (size_t i = 0; i < named.size() && i < 3; ++i) list += (i ? ", " : "") + named[i];
  return Error(Errc::kVerificationFailed,
               "the signed statement is about artifact " + list + ", not " + artifact.ToString());
}

Result<SelectedContent> SelectContentAttestation(const std::vector<std::string>& docs,
                                                 const keys::TrustPolicy& trust, bool require_full,
                                                 const std::optional<digest::Digest>& artifact) {
  std::vector<VerifiedAttestation> verified;
  std::string errors;
  auto note = [&errors](const std::string& e) { errors += (errors.empty() ? ": " : "; ") + e; };
  for (const auto& d : docs) {
    auto v = VerifySignedAttestation(d, trust);
    if (!v.ok()) {
      note(v.error().message());
      continue;
    }
    verified.push_back(std::move(*v));
  }
  // Which one is the newest is decided now, from the signed creation time: the order of `docs`
  // (a store index, referrer annotations) was nobody's signature.
  SortNewestSignedFirst(verified);
  std::vector<std::string> reasons;
  auto chosen = ChooseContent(verified, ContentRules{require_full, artifact, false}, &reasons);
  if (chosen) {
    VerifiedAttestation decided = verified[chosen->first];
    return SelectedContent{std::move(decided), std::move(chosen->second), std::move(verified)};
  }
  for (const auto& r : reasons) note(r);
  return Error(Errc::kVerificationFailed,
               docs.empty() ? "no attestation found" : "no attestation verified" + errors);
}

std::optional<std::pair<size_t, AttestedContent>> ChooseContent(
    const std::vector<VerifiedAttestation>& verified, const ContentRules& rules,
    std::vector<std::string>* reasons) {
  auto note = [reasons](std::string r) {
    if (reasons != nullptr) reasons->push_back(std::move(r));
  };
  for (size_t i = 0; i < verified.size(); ++i) {
    if (!IsContentPredicate(verified[i].statement.predicate_type)) continue;
    auto c = ContentFromStatement(verified[i].statement);
    if (!c.ok()) {
      note(c.error().message());
      continue;
    }
    if (c->single_file && !rules.allow_single_file) {
      note("attestation signs a single-file model (resource '.'): verify it as file:PATH");
      continue;
    }
    if (rules.require_full && c->detail != AttestedContent::Detail::kFull) {
      note("attestation has no per-file sizes/chunk index (foreign model-signing)");
      continue;
    }
    if (rules.artifact && !c->subjects_are_files) {
      if (auto bound =
              CheckArtifactSubject(verified[i].statement, c->subject_digest, *rules.artifact);
          !bound.ok()) {
        note(bound.error().message());
        continue;
      }
    }
    return std::make_pair(i, std::move(*c));
  }
  return std::nullopt;
}

}  // namespace attestfs::verify

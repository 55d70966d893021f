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
  for (size_t i = 0; i < verified.size(); ++i) {
    if (!IsContentPredicate(verified[i].statement.predicate_type)) continue;
    auto c = ContentFromStatement(verified[i].statement);
    if (!c.ok()) {
      note(c.error().message());
      continue;
    }
    if (c->single_file) {
      note("attestation signs a single-file model (resource '.'): verify it as file:PATH");
      continue;
    }
    if (require_full && c->detail != AttestedContent::Detail::kFull) {
      note("attestation has no per-file sizes/chunk index (foreign model-signing)");
      continue;
    }
    if (artifact && !c->subjects_are_files) {
      if (auto bound = CheckArtifactSubject(verified[i].statement, c->subject_digest, *artifact);
          !bound.ok()) {
        note(bound.error().message());
        continue;
      }
    }
    VerifiedAttestation chosen = verified[i];
    return SelectedContent{std::move(chosen), std::move(*c), std::move(verified)};
  }
  return Error(Errc::kVerificationFailed,
               docs.empty() ? "no attestation found" : "no attestation verified" + errors);
}

}  // namespace attestfs::verify

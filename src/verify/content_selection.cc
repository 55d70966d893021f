// Selection of the content attestation that decides among several documents.
#include "verify/content_selection.h"

#include <optional>

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
  return Error(Errc::kVerificationFailed, "the signed statement is about artifact " + list +
                                              ", not " + artifact.ToString());
}

Result<SelectedContent> SelectContentAttestation(const std::vector<std::string>& docs,
                                                 const keys::TrustPolicy& trust, bool require_full,
                                                 const std::optional<digest::Digest>& artifact) {
  std::vector<VerifiedAttestation> verified;
  std::optional<size_t> chosen;
  std::optional<AttestedContent> content;
  std::string errors;
  auto note = [&errors](const std::string& e) { errors += (errors.empty() ? ": " : "; ") + e; };
  for (const auto& d : docs) {
    auto v = VerifySignedAttestation(d, trust);
    if (!v.ok()) {
      note(v.error().message());
      continue;
    }
    verified.push_back(std::move(*v));
    if (chosen || !IsContentPredicate(verified.back().statement.predicate_type)) continue;
    auto c = ContentFromStatement(verified.back().statement);
    if (!c.ok()) {
      note(c.error().message());
      continue;
    }
    if (require_full && c->detail != AttestedContent::Detail::kFull) {
      note("attestation has no per-file sizes/chunk index (foreign model-signing)");
      continue;
    }
    if (artifact) {
      if (auto bound = CheckArtifactSubject(verified.back().statement, c->subject_digest, *artifact);
          !bound.ok()) {
        note(bound.error().message());
        continue;
      }
    }
    chosen = verified.size() - 1;
    content = std::move(*c);
  }
  if (!chosen) {
    return Error(Errc::kVerificationFailed,
                 docs.empty() ? "no attestation found" : "no attestation verified" + errors);
  }
  SelectedContent out{verified[*chosen], std::move(*content), std::move(verified)};
  return out;
}

}  // namespace attestfs::verify

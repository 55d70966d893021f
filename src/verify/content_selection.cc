// Selection of the content attestation that decides among several documents.
#include "verify/content_selection.h"

#include <optional>

namespace attestfs::verify {

Result<SelectedContent> SelectContentAttestation(const std::vector<std::string>& docs,
                                                 const keys::TrustPolicy& trust,
                                                 bool require_full) {
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

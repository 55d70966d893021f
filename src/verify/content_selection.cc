// Selection of the content attestation that decides among several documents.
#include "verify/content_selection.h"

#include <optional>

#include "verify/signed_time_order.h"

namespace attestfs::verify {

Result<SelectedContent> SelectContentAttestation(const std::vector<std::string>& docs,
                                                 const keys::TrustPolicy& trust,
                                                 bool require_full) {
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
    if (require_full && c->detail != AttestedContent::Detail::kFull) {
      note("attestation has no per-file sizes/chunk index (foreign model-signing)");
      continue;
    }
    VerifiedAttestation chosen = verified[i];
    return SelectedContent{std::move(chosen), std::move(*c), std::move(verified)};
  }
  return Error(Errc::kVerificationFailed,
               docs.empty() ? "no attestation found" : "no attestation verified" + errors);
}

}  // namespace attestfs::verify

// SelectManifestEvidence: verify each document, keep the newest (signed creation time) that
// names the manifest digest.
#include "verify/manifest_evidence.h"

#include "verify/signed_time_order.h"

namespace attestfs::verify {

namespace {
bool NamesDigest(const attestation::Statement& st, const digest::Digest& d) {
  for (const auto& s : st.subjects) {
    auto it = s.digest.find("sha256");
    if (it != s.digest.end() && it->second == d.Hex()) return true;
  }
  return false;
}
}  // namespace

ManifestEvidence SelectManifestEvidence(const std::vector<std::string>& docs,
                                        const digest::Digest& manifest,
                                        const keys::TrustPolicy& trust) {
  ManifestEvidence out;
  for (const auto& doc : docs) {
    auto v = VerifySignedAttestation(doc, trust);
    if (!v.ok()) {
      out.reasons += "\n  " + v.error().message();
      continue;
    }
    out.verified.push_back(std::move(*v));
  }
  // The newest is decided after verification, by the signed creation time.
  SortNewestSignedFirst(out.verified);
  for (const auto& v : out.verified) {
    if (!NamesDigest(v.statement, manifest)) {
      out.reasons += "\n  " + v.digest + ": no subject names manifest " + manifest.ToString();
    } else if (!out.used) {
      out.used = v;
    }
  }
  return out;
}

}  // namespace attestfs::verify

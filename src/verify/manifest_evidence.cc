// SelectManifestEvidence: verify each document, keep the newest that names the manifest digest.
#include "verify/manifest_evidence.h"

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
    out.verified.push_back(*v);
    if (out.used) continue;
    if (NamesDigest(v->statement, manifest)) {
      out.used = *v;
    } else {
      out.reasons += "\n  " + v->digest + ": no subject names manifest " + manifest.ToString();
    }
  }
  return out;
}

}  // namespace attestfs::verify

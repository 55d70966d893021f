// ArtifactVerifier: candidate discovery, signature verification, re-scan and comparison.
#include "verify/artifact_verifier.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "base/file_io.h"
#include "digest/sha256_hasher.h"
#include "verify/content_selection.h"
#include "verify/signed_time_order.h"
#include "verify/stored_evidence.h"

namespace attestfs::verify {

namespace {
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Candidate VerifyBytes(const std::string& digest, const Result<std::string>& bytes,
                      const keys::TrustPolicy& trust) {
  Candidate c;
  c.digest = digest;
  if (!bytes.ok()) {
    c.error = bytes.error().message();
    return c;
  }
  auto v = VerifySignedAttestation(*bytes, trust);
  if (!v.ok()) {
    c.error = v.error().message();
    return c;
  }
  c.digest = v->digest;
  c.predicate_type = v->statement.predicate_type;
  c.verified = true;
  c.attestation = std::move(*v);
  return c;
}
// `file`'s path relative to the directory `root` when it lies inside it (symlinks resolved).
std::optional<std::string> PathInside(const std::string& file, const std::string& root) {
  if (file.empty() || root.empty()) return std::nullopt;
  std::error_code ec;
  auto f = std::filesystem::weakly_canonical(file, ec);
  if (ec) return std::nullopt;
  auto r = std::filesystem::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  auto rel = f.lexically_relative(r);
  if (rel.empty() || *rel.begin() == ".." || rel == ".") return std::nullopt;
  return rel.generic_string();
}
}  // namespace

std::vector<Candidate> ArtifactVerifier::VerifyCandidates(
    const std::vector<std::string>& digests) const {
  std::vector<Candidate> out;
  for (const auto& d : digests) out.push_back(VerifyBytes(d, store_.Get(d), trust_));
  return out;
}

Result<VerificationReport> ArtifactVerifier::Verify(const VerifyOptions& options) const {
  VerificationReport report;
  targets::ScanOptions scan;
  scan.compute_chunks = false;
  scan.threads = options.threads;
  scan.exclude = options.exclude;
  scan.progress = options.progress;
  AFS_ASSIGN_OR_RETURN(targets::ScannedTarget scanned, targets::ScanTarget(options.target, scan));
  report.subject_name = options.name.empty() ? scanned.default_name : options.name;
  report.subject_digest = scanned.manifest.SubjectDigest().ToString();
  if (scanned.git) {
    for (const auto& p : scanned.git->uncommitted)
      report.notes.push_back("uncommitted change: " + p);
    for (const auto& p : scanned.git->lfs_missing)
      report.notes.push_back("git LFS content missing: " + p);
  }

  // 1. Candidates: the explicit file, or the store by name, then by subject digest.
  EvidenceQuery query;
  query.attestation_file = options.attestation_file;
  query.name = report.subject_name;
  AFS_ASSIGN_OR_RETURN(query.subject, digest::Digest::Parse(report.subject_digest));
  AFS_ASSIGN_OR_RETURN(auto docs, FindStoredEvidence(store_, query));
  for (const auto& d : docs) report.candidates.push_back(VerifyBytes(d.id, d.bytes, trust_));

  // 2. The newest verified content attestation decides: verified candidates first, newest by
  // the signed creation time (the store index's `created` is unsigned and only set the order
  // in which they were read; ties keep it).
  std::stable_sort(report.candidates.begin(), report.candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.verified != b.verified) return a.verified;
                     return a.verified &&
                            SignedNewer(a.attestation->statement, b.attestation->statement);
                   });
  std::vector<std::string> errors;
  std::vector<VerifiedAttestation> verified;  // newest signed first, as the candidates now are
  for (const auto& c : report.candidates) {
    if (!c.verified) {
      errors.push_back(c.digest.substr(0, 19) + ": " + c.error);
      continue;
    }
    verified.push_back(*c.attestation);
  }
  // The one deciding step every verifier shares; a file: target may match a single-file model.
  std::vector<std::string> reasons;
  auto choice = ChooseContent(verified, ContentRules{false, std::nullopt, true}, &reasons);
  for (const auto& r : reasons) errors.push_back(r);
  const VerifiedAttestation* chosen = choice ? &verified[choice->first] : nullptr;
  std::optional<AttestedContent> content;
  if (choice) content = std::move(choice->second);
  if (!chosen) {
    report.failure = Errc::kVerificationFailed;
    if (report.candidates.empty()) {
      report.reason = "no attestation found for " + report.subject_name;
    } else if (errors.empty()) {
      report.reason =
          "no content attestation (CycloneDX or model-signing) for " + report.subject_name;
    } else {
      report.reason = "no attestation for " + report.subject_name + " verified: " + Join(errors);
    }
    return report;
  }
  report.used = *chosen;

  // 3. Re-scan with the attested patterns when they differ from the defaults, then compare.
  const auto& m = content->manifest;
  std::shared_ptr<TempDir> clone = scanned.temp_clone;  // kept until the comparison is done
  if (!m.include_patterns.empty() || !m.exclude_patterns.empty()) {
    scan.include = m.include_patterns;
    scan.exclude = m.exclude_patterns;
    scan.exclude.insert(scan.exclude.end(), options.exclude.begin(), options.exclude.end());
    // A cloned git:URL is re-scanned from the clone we already have.
    targets::TargetSpec again = options.target;
    if (clone) again.location = clone->path();
    AFS_ASSIGN_OR_RETURN(scanned, targets::ScanTarget(again, scan));
  }
  if (auto inside = PathInside(options.attestation_file, scanned.root))
    content->ignore_paths.push_back(*inside);
  AFS_ASSIGN_OR_RETURN(report.differences,
                       CompareContent(*content, scanned.manifest, scanned.root));
  if (!report.differences.empty()) {
    report.failure = Errc::kVerificationFailed;
    report.reason = std::to_string(report.differences.size()) + " difference(s) from attestation " +
                    chosen->digest;
    return report;
  }
  report.verified = true;
  report.reason = "verified against " + chosen->digest + " signed by " + chosen->signer.description;
  return report;
}

}  // namespace attestfs::verify

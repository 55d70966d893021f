// Decoding of content-describing predicates into AttestedContent, with the subject check.
#include "verify/attested_content.h"

#include <algorithm>

#include "attestation/predicates/model_signing.h"
#include "digest/digest.h"
#include "sbom/cyclonedx_bom.h"

namespace attestfs::verify {

namespace {
bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

Status CheckSubject(const attestation::Statement& st, const std::string& want_hex) {
  for (const auto& s : st.subjects) {
    auto it = s.digest.find("sha256");
    if (it != s.digest.end() && it->second == want_hex) return OkStatus();
  }
  return Error(Errc::kVerificationFailed,
               "evidence is inconsistent: no subject has the digest sha256:" + want_hex +
                   " of the file list it carries");
}

Result<AttestedContent> FromModelSigning(const attestation::Statement& st) {
  auto p = attestation::predicates::ParseModelSigningPredicate(st.predicate_json);
  if (!p.ok()) return p.error().Context("model-signing predicate");
  AttestedContent out;
  AFS_ASSIGN_OR_RETURN(auto subject, p->SubjectDigest());
  out.subject_digest = subject.ToString();
  out.ignore_paths = p->ignore_paths;
  if (p->manifest) {
    out.detail = AttestedContent::Detail::kFull;
    out.manifest = *p->manifest;
  } else if (p->method == "files") {
    out.detail = AttestedContent::Detail::kDigestsOnly;
    out.single_file = p->IsSingleFile();
    for (const auto& r : p->resources) {
      if (!out.single_file) AFS_TRY(attestation::ValidateRelativePath(r.name));
      attestation::FileEntry f;
      f.path = r.name;
      AFS_ASSIGN_OR_RETURN(f.sha256, digest::Digest::FromHex(r.digest_hex));
      out.manifest.files.push_back(std::move(f));
    }
  } else {
    out.detail = AttestedContent::Detail::kShards;
    for (const auto& r : p->resources) {
      auto e2 = r.name.rfind(':');
      auto e1 = e2 == std::string::npos ? std::string::npos : r.name.rfind(':', e2 - 1);
      if (e1 == std::string::npos)
        return Error(Errc::kMalformed, "shard name '" + r.name + "' is not path:start:end");
      AttestedShard sh;
      sh.path = r.name.substr(0, e1);
      AFS_TRY(attestation::ValidateRelativePath(sh.path));
      try {
        sh.start = std::stoull(r.name.substr(e1 + 1, e2 - e1 - 1));
        sh.end = std::stoull(r.name.substr(e2 + 1));
      } catch (...) {
        return Error(Errc::kMalformed, "shard name '" + r.name + "' has bad offsets");
      }
      if (sh.end < sh.start)
        return Error(Errc::kMalformed, "shard '" + r.name + "' ends before it starts");
      sh.digest_hex = r.digest_hex;
      out.shards.push_back(std::move(sh));
    }
  }
  AFS_TRY(CheckSubject(st, subject.Hex()));
  return out;
}

// model_signing v0.x: the files are the statement's subjects (name = relative path).
Result<AttestedContent> FromModelSigningDigestsV01(const attestation::Statement& st) {
  AttestedContent out;
  out.detail = AttestedContent::Detail::kDigestsOnly;
  out.subjects_are_files = true;
  for (const auto& s : st.subjects) {
    auto it = s.digest.find("sha256");
    if (it == s.digest.end()) {
      return Error(Errc::kMalformed,
                   "model_signing Digests/v0.1 subject '" + s.name + "' has no sha256 digest");
    }
    AFS_TRY(attestation::ValidateRelativePath(s.name));
    attestation::FileEntry f;
    f.path = s.name;
    AFS_ASSIGN_OR_RETURN(f.sha256, digest::Digest::FromHex(it->second));
    out.manifest.files.push_back(std::move(f));
  }
  if (out.manifest.files.empty())
    return Error(Errc::kMalformed, "model_signing Digests/v0.1 statement has no subjects");
  return out;
}

Result<AttestedContent> FromCycloneDx(const attestation::Statement& st) {
  auto bom = sbom::ParseCycloneDx(st.predicate_json);
  if (!bom.ok()) return bom.error().Context("CycloneDX predicate");
  AttestedContent out;
  out.manifest = std::move(bom->manifest);
  out.licenses = std::move(bom->licenses);
  out.subject_digest = out.manifest.SubjectDigest().ToString();
  AFS_TRY(CheckSubject(st, out.manifest.SubjectDigest().Hex()));
  return out;
}
}  // namespace

bool IsContentPredicate(const std::string& t) {
  return StartsWith(t, attestation::kCycloneDxPredicate) ||
         t == attestation::kModelSigningPredicate ||
         t == attestation::kModelSigningDigestsV01Predicate;
}

Result<AttestedContent> ContentFromStatement(const attestation::Statement& st) {
  if (st.predicate_type == attestation::kModelSigningPredicate) return FromModelSigning(st);
  if (st.predicate_type == attestation::kModelSigningDigestsV01Predicate)
    return FromModelSigningDigestsV01(st);
  if (StartsWith(st.predicate_type, attestation::kCycloneDxPredicate)) return FromCycloneDx(st);
  return Error(Errc::kUnsupported,
               "predicate type " + st.predicate_type + " does not describe file content");
}

}  // namespace attestfs::verify

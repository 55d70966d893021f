// VerifiedArtifactCache: atomic writes of verified registry metadata; digest-checked reads.
#include "app/verified_artifact_cache.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "base/json_depth.h"
#include "digest/sha256_hasher.h"
#include "oci/manifest.h"
#include "oci/model_artifact.h"

namespace attestfs::app {
namespace {

using nlohmann::json;

constexpr unsigned kDirMode = 0700;
constexpr unsigned kFileMode = 0600;

std::string Env(const char* name) {
  const char* v = ::getenv(name);
  return v ? std::string(v) : std::string();
}

Status CheckPrivateDir(const std::string& dir) {
  if (auto st = CheckPrivateDirectory(dir); !st.ok()) return st.error().Context("cache");
  return OkStatus();
}

// Reads a cached file and checks it hashes to `want` (a corrupted entry is never used).
Result<std::string> ReadVerified(const std::string& path, const digest::Digest& want,
                                 uint64_t limit) {
  AFS_ASSIGN_OR_RETURN(std::string bytes, ReadFileLimited(path, limit));
  if (digest::Sha256(bytes) != want) {
    return Error(Errc::kVerificationFailed,
                 "cached " + path + " does not match " + want.ToString() + " (corrupted cache)");
  }
  return bytes;
}

}  // namespace

std::string VerifiedArtifactCache::DefaultDir() {
  if (::geteuid() == 0) return "/var/cache/attestfs";
  std::string xdg = Env("XDG_CACHE_HOME");
  if (!xdg.empty() && xdg[0] == '/') return xdg + "/attestfs";
  std::string home = Env("HOME");
  return (home.empty() ? std::string("/tmp") : home) + "/.cache/attestfs";
}

Result<VerifiedArtifactCache> VerifiedArtifactCache::Open(const std::string& dir) {
  if (dir.empty()) return Error(Errc::kInvalidArgument, "cache directory: empty path");
  AFS_TRY(MakeDirs(dir, kDirMode));
  AFS_TRY(CheckPrivateDir(dir));
  for (const char* sub : {"/tags", "/manifests/sha256", "/blobs/sha256", "/evidence/sha256"}) {
    AFS_TRY(MakeDirs(dir + sub, kDirMode));
  }
  return VerifiedArtifactCache(dir);
}

std::string VerifiedArtifactCache::TagPath(const oci::Reference& ref) const {
  return dir_ + "/tags/" + digest::Sha256(ref.RepositoryName() + ":" + ref.tag).Hex() + ".json";
}

Status VerifiedArtifactCache::Save(const oci::Reference& ref, const CachedArtifact& a) const {
  if (digest::Sha256(a.manifest_bytes) != a.manifest_digest) {
    return Error(Errc::kInternal, "cache: manifest bytes do not match their digest");
  }
  const std::string hex = a.manifest_digest.Hex();
  AFS_ASSIGN_OR_RETURN(oci::Manifest m, oci::Manifest::Parse(a.manifest_bytes));
  AFS_TRY(
      WriteFileAtomic(dir_ + "/blobs/sha256/" + m.config.digest.Hex(), a.config_bytes, kFileMode));
  AFS_TRY(WriteFileAtomic(dir_ + "/manifests/sha256/" + hex, a.manifest_bytes, kFileMode));
  json docs = json::array();
  uint64_t total = 0;
  for (const auto& d : a.evidence) {
    if (docs.size() >= kMaxCachedEvidenceDocs || total + d.size() > kMaxCachedEvidenceBytes) break;
    docs.push_back(d);
    total += d.size();
  }
  json ev = {{"subject", a.manifest_digest.ToString()}, {"documents", docs}};
  AFS_TRY(WriteFileAtomic(dir_ + "/evidence/sha256/" + hex + ".json", ev.dump(), kFileMode));
  // The tag record last: it never points at a manifest whose files are not all in place.
  if (!ref.tag.empty()) {
    json tag = {{"reference", ref.RepositoryName() + ":" + ref.tag},
                {"digest", a.manifest_digest.ToString()}};
    AFS_TRY(WriteFileAtomic(TagPath(ref), tag.dump(), kFileMode));
  }
  return OkStatus();
}

Result<CachedArtifact> VerifiedArtifactCache::Load(const oci::Reference& ref) const {
  CachedArtifact a;
  const std::string what = "cache " + dir_ + ": " + ref.ToString();
  if (ref.digest) {
    a.manifest_digest = *ref.digest;
  } else {
    auto rec = ReadFileLimited(TagPath(ref), kMaxTagRecordBytes);
    if (!rec.ok()) return Error(Errc::kNotFound, what + ": tag never resolved while online");
    if (Status d = CheckJsonDepth(*rec); !d.ok()) return d.error().Context(what + ": tag record");
    json j = json::parse(*rec, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("reference") || !j["reference"].is_string() ||
        j["reference"].get<std::string>() != ref.RepositoryName() + ":" + ref.tag ||
        !j.contains("digest") || !j["digest"].is_string()) {
      return Error(Errc::kMalformed, what + ": malformed tag record");
    }
    AFS_ASSIGN_OR_RETURN(a.manifest_digest, digest::Digest::Parse(j["digest"].get<std::string>()));
  }
  const std::string hex = a.manifest_digest.Hex();
  const std::string mpath = dir_ + "/manifests/sha256/" + hex;
  if (::access(mpath.c_str(), F_OK) != 0) {
    return Error(Errc::kNotFound, what + ": no cached manifest " + a.manifest_digest.ToString());
  }
  AFS_ASSIGN_OR_RETURN(a.manifest_bytes,
                       ReadVerified(mpath, a.manifest_digest, oci::kMaxManifestBytes));
  AFS_ASSIGN_OR_RETURN(oci::Manifest m, oci::Manifest::Parse(a.manifest_bytes));
  AFS_ASSIGN_OR_RETURN(a.config_bytes, ReadVerified(dir_ + "/blobs/sha256/" + m.config.digest.Hex(),
                                                    m.config.digest, oci::kMaxModelConfigBytes));
  if (static_cast<int64_t>(a.config_bytes.size()) != m.config.size) {
    return Error(Errc::kVerificationFailed,
                 what + ": cached config size differs from the manifest");
  }
  // JSON string escaping can at most double the documents' size (plus framing).
  auto ev = ReadFileLimited(dir_ + "/evidence/sha256/" + hex + ".json",
                            2 * kMaxCachedEvidenceBytes + 4096);
  if (!ev.ok()) return ev.error().Context(what + ": evidence");
  if (Status d = CheckJsonDepth(*ev); !d.ok()) return d.error().Context(what + ": evidence");
  json j = json::parse(*ev, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("subject") || j["subject"] != a.manifest_digest.ToString() ||
      !j.contains("documents") || !j["documents"].is_array() ||
      j["documents"].size() > kMaxCachedEvidenceDocs) {
    return Error(Errc::kMalformed, what + ": malformed cached evidence");
  }
  for (const auto& d : j["documents"]) {
    if (!d.is_string()) return Error(Errc::kMalformed, what + ": malformed cached evidence");
    a.evidence.push_back(d.get<std::string>());
  }
  return a;
}

}  // namespace attestfs::app

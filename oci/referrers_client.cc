// ReferrersClient: referrers API, tag-schema fallback and cosign legacy .att tags.
#include "oci/referrers_client.h"

#include <algorithm>

#include "attestation/media_types.h"
#include "oci/http/url.h"
#include "oci/image_index.h"
#include "oci/manifest.h"
#include "oci/media_types.h"
#include "oci/registry_error.h"

namespace attestfs::oci {
namespace {

constexpr std::string_view kZeroDigestHex =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string RepoKey(const Reference& r) { return r.RepositoryName(); }

std::string BareType(const std::string& ct) {
  std::string t = ct.substr(0, ct.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

std::string NextLink(const http::HttpResponse& r) {
  auto link = r.headers.Get("Link");
  if (!link || link->find("rel=\"next\"") == std::string::npos) return "";
  size_t a = link->find('<'), b = link->find('>');
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return http::ResolveLocation(r.url, link->substr(a + 1, b - a - 1));
}

bool IsPayloadLayer(const std::string& media_type) {
  return media_type.rfind(attestation::kBundleMediaTypePrefix, 0) == 0 ||
         media_type == attestation::kDsseEnvelopeMediaType;
}

}  // namespace

Result<bool> ReferrersClient::SupportsReferrersApi(const Reference& repo) {
  {
    MutexLock lock(capability_mu_);
    if (auto it = capability_.find(RepoKey(repo)); it != capability_.end()) return it->second;
  }
  // oras-go pingReferrers: the all-zero digest; 200 + index => supported; 404 NAME_UNKNOWN =>
  // the repository does not exist yet (capability unknown, not cached); other answers => no.
  http::HttpRequest req;
  req.url = registry_.RepoUrl(repo) + "/referrers/sha256:" + std::string(kZeroDigestHex);
  req.headers.Add("Accept", std::string(kOciIndex));
  req.max_body_bytes = kMaxManifestBytes;
  auto sent = registry_.Send(repo, req, Access::kPull);
  if (!sent.ok()) return sent.error().Context("probe referrers API of " + repo.RepositoryName());
  if (sent->status == 401 || sent->status == 403) {
    return RegistryError(*sent, {repo.registry, repo.repository, "", "probe referrers API"});
  }
  bool supported =
      sent->status == 200 && BareType(sent->headers.Get("Content-Type").value_or("")) == kOciIndex;
  if (!supported && sent->status == 404 && RegistryErrorCode(sent->body) == "NAME_UNKNOWN") {
    return false;
  }
  MutexLock lock(capability_mu_);
  capability_[RepoKey(repo)] = supported;
  return supported;
}

Result<Descriptor> ReferrersClient::Attach(const Reference& repo,
                                           const ReferrerArtifact& artifact) {
  const std::string what = "attach referrer to " + repo.RepositoryName();
  for (auto& [desc, bytes] : artifact.blobs) {
    auto st = registry_.PushBlobBytes(repo, desc, bytes);
    if (!st.ok()) return st.error().Context(what);
  }
  auto pushed = PushReferrerManifest(repo, artifact.manifest_bytes);
  if (!pushed.ok()) return pushed.error().Context(what);
  return pushed;
}

Result<Descriptor> ReferrersClient::PushReferrerManifest(const Reference& repo,
                                                         std::string_view manifest_bytes) {
  const std::string what = "push referrer manifest to " + repo.RepositoryName();
  auto m = Manifest::Parse(manifest_bytes);
  if (!m.ok()) return m.error().Context(what);
  if (!m->subject) return Error(Errc::kInvalidArgument, what + ": manifest has no subject");
  // 1. The referrer manifest itself, by digest (no tag).
  Descriptor d = DescribeBytes(kOciManifest, manifest_bytes);
  auto pushed = registry_.PushManifest(repo.WithDigest(d.digest), manifest_bytes, kOciManifest);
  if (!pushed.ok()) return pushed.error().Context(what);
  if (pushed->oci_subject_header) {
    MutexLock lock(capability_mu_);
    capability_[RepoKey(repo)] = true;
    return pushed->descriptor;
  }
  // 2. No OCI-Subject: probe (OCI-Subject alone is not trusted either way; sigstore-js#1183).
  AFS_ASSIGN_OR_RETURN(bool api, SupportsReferrersApi(repo));
  if (api) return pushed->descriptor;
  // 3. Only now the fallback index (2.8.2 refuses an index naming a missing manifest).
  Descriptor entry = pushed->descriptor;
  entry.artifact_type = m->EffectiveArtifactType();
  entry.annotations = m->annotations;
  AFS_TRY(AddToFallbackIndex(repo, m->subject->digest, entry));
  return pushed->descriptor;
}

Status ReferrersClient::AddToFallbackIndex(const Reference& repo, const digest::Digest& subject,
                                           const Descriptor& entry) {
  // Distribution spec, Referrers Tag Schema, "Pushing manifests with subject": (1) GET the tag,
  // (2) stop if it is not an index, (3) 404 => empty index, (4) skip duplicates, (5) append the
  // descriptor with artifactType and all annotations, (6) PUT it back. 2.8.2 ignores If-Match,
  // so updates are serialised here, and the tag is re-read after the PUT: an update lost to
  // another process is redone (other writers can still race in between; regclient#427).
  MutexLock lock(fallback_mu_);
  const Reference tag_ref = repo.WithTag(ReferrersTag(subject));
  const std::string what = "update referrers tag " + tag_ref.ToString();
  for (int attempt = 0; attempt < kMaxFallbackUpdateAttempts; ++attempt) {
    ImageIndex index;
    auto current = registry_.FetchManifest(tag_ref);
    if (current.ok()) {
      if (current->descriptor.media_type != kOciIndex) {
        return Error(Errc::kMalformed, what + ": the tag holds a " +
                                           current->descriptor.media_type +
                                           ", not an OCI index; refusing to overwrite it");
      }
      auto parsed = ImageIndex::Parse(current->bytes);
      if (!parsed.ok()) return parsed.error().Context(what);
      index = std::move(*parsed);
    } else if (current.error().code() != Errc::kNotFound) {
      return current.error().Context(what);
    }
    for (auto& d : index.manifests) {
      if (d.digest == entry.digest) return OkStatus();  // already listed (or our retry landed)
    }
    index.media_type = std::string(kOciIndex);
    index.manifests.push_back(entry);
    auto put = registry_.PushManifest(tag_ref, index.Serialize(), kOciIndex);
    if (!put.ok()) return put.error().Context(what);
    // Loop: the next read confirms the entry (or redoes a lost update).
  }
  return Error(Errc::kNetwork, what + ": the update was lost to concurrent writers " +
                                   std::to_string(kMaxFallbackUpdateAttempts) + " times");
}

Result<std::vector<ReferrerEntry>> ReferrersClient::ListFromApi(const Reference& repo,
                                                                const digest::Digest& subject,
                                                                std::string_view artifact_type,
                                                                bool* supported) {
  std::vector<ReferrerEntry> out;
  *supported = false;
  std::string url = registry_.RepoUrl(repo) + "/referrers/" + subject.ToString();
  if (!artifact_type.empty()) url = http::AppendQuery(url, "artifactType", artifact_type);
  for (int page = 0; page < kMaxReferrersPages && !url.empty(); ++page) {
    http::HttpRequest req;
    req.url = url;
    req.headers.Add("Accept", std::string(kOciIndex));
    req.max_body_bytes = kMaxManifestBytes;
    auto sent = registry_.Send(repo, req, Access::kPull);
    if (!sent.ok()) return sent.error().Context("list referrers of " + subject.ToString());
    if (page == 0 && sent->status == 404) return out;  // no API: caller falls back
    if (sent->status != 200 ||
        BareType(sent->headers.Get("Content-Type").value_or("")) != kOciIndex) {
      if (page == 0 && sent->status != 401 && sent->status != 403 && sent->status < 500) {
        return out;  // not an API answer: treat as unsupported
      }
      return RegistryError(*sent,
                           {repo.registry, repo.repository, subject.ToString(), "list referrers"});
    }
    *supported = true;
    auto idx = ImageIndex::Parse(sent->body);
    if (!idx.ok()) return idx.error().Context("referrers of " + subject.ToString());
    bool filtered = sent->headers.Get("OCI-Filters-Applied").value_or("").find("artifactType") !=
                        std::string::npos ||
                    idx->annotations.count("org.opencontainers.referrers.filtersApplied");
    for (auto& d : idx->manifests) {
      if (!artifact_type.empty() && !filtered && d.artifact_type != artifact_type) continue;
      out.push_back({d, ReferrersSource::kApi});
    }
    url = NextLink(*sent);
  }
  return out;
}

Result<std::vector<ReferrerEntry>> ReferrersClient::ListFromTag(const Reference& repo,
                                                                const digest::Digest& subject) {
  std::vector<ReferrerEntry> out;
  auto current = registry_.FetchManifest(repo.WithTag(ReferrersTag(subject)));
  if (!current.ok()) {
    if (current.error().code() == Errc::kNotFound) return out;
    return current.error().Context("read referrers tag of " + subject.ToString());
  }
  if (current->descriptor.media_type != kOciIndex) return out;  // spec: assume no referrers
  auto idx = ImageIndex::Parse(current->bytes);
  if (!idx.ok()) return out;
  for (auto& d : idx->manifests) out.push_back({d, ReferrersSource::kTagSchema});
  return out;
}

Result<std::vector<ReferrerEntry>> ReferrersClient::List(const Reference& repo,
                                                         const digest::Digest& subject,
                                                         std::string_view artifact_type) {
  bool api = false;
  AFS_ASSIGN_OR_RETURN(std::vector<ReferrerEntry> out,
                       ListFromApi(repo, subject, artifact_type, &api));
  if (api) {
    MutexLock lock(capability_mu_);
    capability_[RepoKey(repo)] = true;
  } else {
    AFS_ASSIGN_OR_RETURN(std::vector<ReferrerEntry> tagged, ListFromTag(repo, subject));
    for (auto& e : tagged) {
      if (!artifact_type.empty() && e.descriptor.artifact_type != artifact_type) continue;
      out.push_back(std::move(e));
    }
  }
  // cosign's legacy attestation tag (one manifest, one DSSE layer per attestation).
  auto att = registry_.ResolveManifest(repo.WithTag(CosignAttestationTag(subject)));
  if (att.ok()) {
    Descriptor d = *att;
    d.artifact_type = std::string(attestation::kDsseEnvelopeMediaType);
    if (artifact_type.empty() || artifact_type == attestation::kDsseEnvelopeMediaType ||
        artifact_type == attestation::kInTotoPayloadType) {
      out.push_back({d, ReferrersSource::kCosignAttTag});
    }
  } else if (att.error().code() != Errc::kNotFound) {
    return att.error().Context("read cosign attestation tag of " + subject.ToString());
  }
  return out;
}

Result<std::vector<ReferrerPayload>> ReferrersClient::FetchPayloads(
    const Reference& repo, const digest::Digest& subject, const PayloadFetchOptions& options) {
  AFS_ASSIGN_OR_RETURN(std::vector<ReferrerEntry> entries,
                       List(repo, subject, options.artifact_type));
  auto note = [&options](std::string line) {
    if (options.skipped != nullptr) options.skipped->push_back(std::move(line));
  };
  // Newest first by the listed creation time; cosign's .att tag (no time) last.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ReferrerEntry& a, const ReferrerEntry& b) {
                     return a.descriptor.Annotation(std::string(kAnnotationCreated)) >
                            b.descriptor.Annotation(std::string(kAnnotationCreated));
                   });
  if (entries.size() > options.max_referrers) {
    note(std::to_string(entries.size() - options.max_referrers) + " of " +
         std::to_string(entries.size()) + " referrers not examined (at most " +
         std::to_string(options.max_referrers) + ", newest first)");
    entries.resize(options.max_referrers);
  }
  std::vector<ReferrerPayload> out;
  std::map<digest::Digest, bool> seen_blobs;  // payload blob -> kept (fetched once)
  uint64_t total = 0;
  for (auto& e : entries) {
    const std::string what = "referrer " + e.descriptor.digest.ToString();
    auto fetched = registry_.FetchManifest(repo.WithDigest(e.descriptor.digest));
    if (!fetched.ok() && fetched.error().code() == Errc::kNotFound) {
      note(what + " is listed but missing from the registry");
      continue;
    }
    if (!fetched.ok()) return fetched.error().Context(what);
    auto m = Manifest::Parse(fetched->bytes);
    if (!m.ok()) continue;  // an index or something else: not evidence we understand
    // A listed referrer must really point at the subject (fallback indexes are client-written).
    if (e.source != ReferrersSource::kCosignAttTag &&
        (!m->subject || m->subject->digest != subject)) {
      continue;
    }
    for (auto& layer : m->layers) {
      if (!IsPayloadLayer(layer.media_type)) continue;
      if (seen_blobs.count(layer.digest)) continue;
      if (layer.size < 0 || total + static_cast<uint64_t>(layer.size) > options.max_total_bytes) {
        note(what + ": payload " + layer.digest.ToString() + " not read (over the " +
             std::to_string(options.max_total_bytes) + "-byte total for referrer payloads)");
        continue;
      }
      auto bytes = registry_.FetchBlob(repo, layer, kMaxAttachmentBytes);
      if (!bytes.ok() && bytes.error().code() == Errc::kNotFound) {
        note(what + ": payload " + layer.digest.ToString() + " is missing from the registry");
        continue;
      }
      if (!bytes.ok()) return bytes.error().Context(what);
      total += bytes->size();
      ReferrerPayload p;
      p.referrer = fetched->descriptor;
      p.artifact_type = m->EffectiveArtifactType();
      p.layer = layer;
      p.bytes = std::move(*bytes);
      p.annotations = m->annotations;
      p.source = e.source;
      bool keep = !options.keep || options.keep(p);
      seen_blobs[layer.digest] = keep;
      if (keep) out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace attestfs::oci

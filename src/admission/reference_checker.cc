// ReferenceChecker: rule matching, tag resolution, pull-secret lookup and the cached
// verification through app::VerifyArtifact.
#include "admission/reference_checker.h"

#include <algorithm>
#include <map>
#include <optional>

#include "admission/verification_cache.h"
#include "app/trust_config.h"
#include "app/verify_artifact.h"
#include "base/file_io.h"
#include "base/glob.h"
#include "base/mutex.h"
#include "digest/sha256_hasher.h"
#include "oci/auth/config_file_credential_store.h"
#include "oci/reference.h"
#include "oci/registry_connection.h"
#include "policy/policy_file.h"

namespace attestfs::admission {

namespace {

struct CompiledRule {
  AdmissionRule spec;
  std::vector<Glob> namespaces, images;
  std::optional<policy::PolicyFile> policy;
  std::unique_ptr<keys::TrustPolicy> trust;
  std::string fingerprint;  // sha256 over the trust and policy material (the cache key part)
};

bool IsOperational(Errc c) {
  return c == Errc::kNetwork || c == Errc::kTimeout || c == Errc::kCancelled || c == Errc::kIo ||
         c == Errc::kInternal;
}

// Kubernetes names (namespaces, secrets): DNS labels/subdomains, so never a path.
bool IsDnsName(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return true;
}

Result<std::string> Fingerprint(const AdmissionRule& r, const app::TrustConfig& trust) {
  digest::Sha256Hasher h;
  auto add_file = [&h](const std::string& path) -> Status {
    AFS_ASSIGN_OR_RETURN(auto bytes, ReadFileLimited(path, 16 << 20));
    h.Update(path);
    h.Update(bytes);
    return OkStatus();
  };
  for (const auto& k : trust.keys) AFS_TRY(add_file(k));
  if (!trust.ca_roots.empty()) AFS_TRY(add_file(trust.ca_roots));
  h.Update("identity=" + trust.identity);
  if (trust.Keyless()) {
    auto root = app::TrustedRootPath(trust);
    if (root.ok()) AFS_TRY(add_file(*root));
    h.Update("keyless=" + trust.certificate_identity + "\n" + trust.certificate_identity_regexp +
             "\n" + trust.certificate_oidc_issuer + "\n" + trust.certificate_oidc_issuer_regexp);
  }
  if (!r.policy.empty()) AFS_TRY(add_file(r.policy));
  return h.Finish().ToString().substr(7, 16);
}

}  // namespace

struct ReferenceChecker::Impl {
  AdmissionConfig config;
  AdmissionMetrics* metrics = nullptr;
  std::vector<CompiledRule> rules;
  VerificationCache cache;
  Mutex mu;
  std::map<std::string, std::unique_ptr<oci::RegistryConnection>> connections AFS_GUARDED_BY(mu);
  struct Resolved {
    digest::Digest digest;
    std::chrono::steady_clock::time_point expires;
  };
  Mutex tags_mu;
  std::map<std::string, Resolved> tags AFS_GUARDED_BY(tags_mu);  // reference text -> digest

  std::optional<digest::Digest> RecentResolution(const std::string& ref) AFS_EXCLUDES(tags_mu) {
    if (config.tag_ttl_s <= 0) return std::nullopt;
    MutexLock lock(tags_mu);
    auto it = tags.find(ref);
    if (it == tags.end() || it->second.expires <= std::chrono::steady_clock::now()) {
      return std::nullopt;
    }
    return it->second.digest;
  }

  void RememberResolution(const std::string& ref, const digest::Digest& d) AFS_EXCLUDES(tags_mu) {
    if (config.tag_ttl_s <= 0) return;
    MutexLock lock(tags_mu);
    const auto now = std::chrono::steady_clock::now();
    if (tags.size() >= std::max<size_t>(config.cache_max_entries, 1)) {
      for (auto it = tags.begin(); it != tags.end();) {
        it = it->second.expires <= now ? tags.erase(it) : std::next(it);
      }
      if (tags.size() >= std::max<size_t>(config.cache_max_entries, 1)) tags.clear();
    }
    tags[ref] = {d, now + std::chrono::seconds(config.tag_ttl_s)};
  }

  explicit Impl(const AdmissionConfig& c)
      : config(c),
        cache(VerificationCache::Options{std::chrono::seconds(c.cache_ttl_s),
                                         std::chrono::seconds(c.failure_ttl_s),
                                         c.cache_max_entries}) {}

  const CompiledRule* Match(const oci::Reference& ref, const std::string& ns) const {
    const std::string full = ref.ToString();
    const std::string repo = ref.RepositoryName();
    for (const auto& r : rules) {
      bool ns_ok = r.namespaces.empty();
      for (const auto& g : r.namespaces) ns_ok = ns_ok || g.Matches(ns);
      if (!ns_ok) continue;
      for (const auto& g : r.images) {
        if (g.Matches(full) || g.Matches(repo)) return &r;
      }
    }
    return nullptr;
  }

  // The pod's first pull secret (mounted under pull-secrets-dir/<namespace>/<name>/) that has
  // credentials for `registry`, else the configured auth file.
  std::string AuthFileFor(const std::string& registry, const ReviewContext& ctx) const {
    if (config.pull_secrets_dir.empty() || !IsDnsName(ctx.namespace_)) return config.auth_file;
    for (const auto& name : ctx.pull_secrets) {
      if (!IsDnsName(name)) continue;
      const std::string path =
          config.pull_secrets_dir + "/" + ctx.namespace_ + "/" + name + "/.dockerconfigjson";
      // The same lookup the connection will make (auths, with its host spellings).
      oci::auth::ConfigFileCredentialStore secret({path}, /*helper_path=*/"");
      auto cred = secret.Lookup(registry);
      if (cred.ok() && !cred->empty()) return path;
    }
    return config.auth_file;
  }

  oci::RegistryConnection& Connection(const std::string& registry, const std::string& authfile)
      AFS_EXCLUDES(mu) {
    MutexLock lock(mu);
    auto& slot = connections[registry + "\n" + authfile];
    if (!slot) {
      oci::ConnectionOptions o;
      for (const auto& h : config.plain_http) o.plain_http = o.plain_http || h == registry;
      o.ca_file = config.ca_file;
      o.authfile = authfile;
      o.http.max_request_time = std::chrono::seconds(config.registry_timeout_s);
      // A review has 10 s in all: fail fast and retry once.
      o.http.connect_timeout =
          std::chrono::milliseconds(std::min(2000, 1000 * std::max(1, config.registry_timeout_s)));
      o.http.stall_timeout = std::chrono::seconds(config.registry_timeout_s);
      o.http.max_attempts = 2;
      o.http.initial_backoff = std::chrono::milliseconds(100);
      slot = std::make_unique<oci::RegistryConnection>(o);
    }
    return *slot;
  }

  Verification Verify(const CompiledRule& rule, oci::RegistryConnection& conn,
                      const std::string& pinned) {
    app::VerifyRequest req;
    req.target = {targets::TargetSpec::Kind::kRegistry, pinned};
    req.trust = rule.trust.get();
    req.policy = rule.policy ? &*rule.policy : nullptr;
    req.registry = &conn;
    Verification v;
    auto result = app::VerifyArtifact(req);
    if (!result.ok()) {
      v.outcome = IsOperational(result.error().code()) ? Verification::Outcome::kUnavailable
                                                       : Verification::Outcome::kDenied;
      v.reason = result.error().message();
    } else if (!result->verified) {
      v.reason = result->reason;
    } else if (!result->PolicyOk()) {
      v.reason = result->decision->ToStatus().error().message();
    } else {
      v.outcome = Verification::Outcome::kVerified;
      v.reason = result->reason;
    }
    if (result.ok() && result->decision) {
      for (const auto& r : result->decision->results) {
        if (r.outcome == policy::Outcome::kWarn) {
          v.warnings.push_back("policy rule " + r.rule + ": " + r.reason);
        }
      }
    }
    metrics->RecordVerification(v.outcome == Verification::Outcome::kVerified ? "verified"
                                : v.outcome == Verification::Outcome::kDenied ? "denied"
                                                                              : "unavailable");
    if (v.outcome == Verification::Outcome::kUnavailable) metrics->RecordRegistryError();
    return v;
  }
};

ReferenceChecker::ReferenceChecker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReferenceChecker::~ReferenceChecker() = default;

Result<std::unique_ptr<ReferenceChecker>> ReferenceChecker::Create(const AdmissionConfig& config,
                                                                   AdmissionMetrics* metrics) {
  auto impl = std::make_unique<Impl>(config);
  impl->metrics = metrics;
  for (const auto& spec : config.rules) {
    const std::string where =
        config.path + ":" + std::to_string(spec.line) + ": rule '" + spec.name + "': ";
    CompiledRule r;
    r.spec = spec;
    for (const auto& n : spec.namespaces) r.namespaces.emplace_back(n, kTextGlob);
    for (const auto& i : spec.images) r.images.emplace_back(i, kPathGlob);
    if (spec.mode != RuleMode::kSkip) {
      if (!spec.policy.empty()) {
        auto pf = policy::PolicyFile::Load(spec.policy);
        if (!pf.ok()) return Error(Errc::kUsage, where + pf.error().message());
        r.policy = std::move(*pf);
      }
      const app::TrustConfig& trust = spec.trust.Empty() ? config.trust : spec.trust;
      auto tp = app::BuildTrustPolicy(trust, r.policy ? &*r.policy : nullptr);
      if (!tp.ok()) return Error(Errc::kUsage, where + tp.error().message());
      r.trust = std::move(*tp);
      auto fp = Fingerprint(spec, trust);
      if (!fp.ok()) return Error(Errc::kUsage, where + fp.error().message());
      r.fingerprint = *fp;
    }
    impl->rules.push_back(std::move(r));
  }
  return std::unique_ptr<ReferenceChecker>(new ReferenceChecker(std::move(impl)));
}

size_t ReferenceChecker::cached() const { return impl_->cache.size(); }

ReferenceVerdict ReferenceChecker::Check(const std::string& text, const ReviewContext& ctx) {
  ReferenceVerdict out;
  out.reference = text;
  auto deny = [&out](std::string reason) {
    out.outcome = ReferenceVerdict::Outcome::kDenied;
    out.reason = std::move(reason);
    return out;
  };
  auto ref = oci::Reference::Parse(text);
  if (!ref.ok()) return deny("not a valid reference: " + ref.error().message());
  const CompiledRule* rule = impl_->Match(*ref, ctx.namespace_);
  if (rule == nullptr) {
    if (!impl_->config.deny_unmatched) {
      out.outcome = ReferenceVerdict::Outcome::kAllowed;
      out.reason = "no rule matches (unmatched: allow)";
      return out;
    }
    return deny("no rule of " + impl_->config.path + " matches " + ref->ToString() +
                " in namespace " + ctx.namespace_ + " (unmatched: deny)");
  }
  out.rule = rule->spec.name;
  if (rule->spec.mode == RuleMode::kSkip) {
    out.outcome = ReferenceVerdict::Outcome::kAllowed;
    out.reason = "rule '" + rule->spec.name + "' skips verification";
    return out;
  }
  // Failures under `mode: warn` admit with a warning; registry trouble follows failure-policy.
  auto fail = [&](bool unavailable, const std::string& reason) {
    const bool admit = rule->spec.mode == RuleMode::kWarn ||
                       (unavailable && rule->spec.failure_policy == FailurePolicy::kAllow);
    if (!admit) return deny(reason);
    out.outcome = ReferenceVerdict::Outcome::kAllowed;
    out.reason = reason;
    out.warnings.push_back(
        text + " admitted unverified (rule '" + rule->spec.name + "', " +
        (rule->spec.mode == RuleMode::kWarn ? "mode: warn" : "failure-policy: allow") +
        "): " + reason);
    return out;
  };
  const std::string authfile = impl_->AuthFileFor(ref->registry, ctx);
  oci::RegistryConnection& conn = impl_->Connection(ref->registry, authfile);
  // The digest decides, never the tag: a tag is resolved at the registry (a resolution is
  // reused for cache.tag-ttl at most) and the verdict is looked up by the digest.
  digest::Digest d;
  if (ref->digest) {
    d = *ref->digest;
  } else if (auto recent = impl_->RecentResolution(ref->ToString())) {
    d = *recent;
  } else {
    auto resolved = conn.registry().ResolveManifest(*ref);
    if (!resolved.ok()) {
      const bool unavailable = IsOperational(resolved.error().code());
      if (unavailable) impl_->metrics->RecordRegistryError();
      return fail(unavailable,
                  (unavailable ? "registry unreachable: " : "") + resolved.error().message());
    }
    d = resolved->digest;
    impl_->RememberResolution(ref->ToString(), d);
  }
  const oci::Reference pinned = ref->WithDigest(d);
  out.digest = d.ToString();
  const std::string key =
      pinned.RepositoryName() + "@" + out.digest + "|" + rule->spec.name + "|" + rule->fingerprint;
  Impl* impl = impl_.get();
  auto lookup = impl_->cache.Get(
      key, [impl, rule, &conn, p = pinned.ToString()] { return impl->Verify(*rule, conn, p); },
      ctx.deadline);
  out.cache_hit = lookup.hit;
  if (lookup.hit) {
    impl_->metrics->RecordCacheHit();
  } else {
    impl_->metrics->RecordCacheMiss();
  }
  if (!lookup.value) {
    return fail(true, "verification of " + pinned.ToString() +
                          " did not finish within the review deadline");
  }
  const Verification& v = *lookup.value;
  out.warnings = v.warnings;
  if (v.outcome != Verification::Outcome::kVerified) {
    return fail(v.outcome == Verification::Outcome::kUnavailable, v.reason);
  }
  out.outcome = ReferenceVerdict::Outcome::kAllowed;
  out.verified = true;
  out.reason = v.reason;
  if (text.find('@') == std::string::npos) out.pinned = text + "@" + out.digest;
  return out;
}

}  // namespace attestfs::admission

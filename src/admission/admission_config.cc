// AdmissionConfig loading over policy::PolicyNode (the same located YAML access and messages
// as policy files).
#include "admission/admission_config.h"

#include <charconv>

#include "base/file_io.h"
#include "policy/duration.h"
#include "policy/policy_node.h"

namespace attestfs::admission {

namespace {

using policy::PolicyNode;

constexpr uint64_t kMaxConfigBytes = 1 << 20;

Result<int64_t> Number(const PolicyNode& node, std::string_view key, int64_t fallback, int64_t min,
                       int64_t max) {
  AFS_ASSIGN_OR_RETURN(auto text, node.String(key));
  if (!text) return fallback;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < min || v > max) {
    return node.ErrorAt(key, "expected a whole number from " + std::to_string(min) + " to " +
                                 std::to_string(max) + ", got '" + *text + "'");
  }
  return v;
}

// "30s", "5m", "1h" (policy durations) -> seconds.
Result<int64_t> Seconds(const PolicyNode& node, std::string_view key, int64_t fallback) {
  AFS_ASSIGN_OR_RETURN(auto text, node.String(key));
  if (!text) return fallback;
  auto s = policy::ParseDuration(*text);
  if (!s)
    return node.ErrorAt(key, "expected a duration such as 30s, 5m or 1h, got '" + *text + "'");
  return *s;
}

Result<app::TrustConfig> ParseTrust(const PolicyNode& parent, std::string_view key) {
  app::TrustConfig t;
  AFS_ASSIGN_OR_RETURN(auto node, parent.Map(key));
  if (!node) return t;
  AFS_TRY(node->CheckKnownKeys({"keys", "ca-roots", "identity", "trusted-root",
                                "certificate-identity", "certificate-identity-regexp",
                                "certificate-oidc-issuer", "certificate-oidc-issuer-regexp"}));
  AFS_ASSIGN_OR_RETURN(t.keys, node->StringList("keys", false));
  for (auto& k : t.keys) k = node->ResolvePath(k);
  AFS_ASSIGN_OR_RETURN(auto roots, node->String("ca-roots"));
  if (roots) t.ca_roots = node->ResolvePath(*roots);
  AFS_ASSIGN_OR_RETURN(auto identity, node->String("identity"));
  if (identity) t.identity = *identity;
  // Sigstore keyless (cosign's names): a trusted root (default: the installed public-good
  // root) with the expected certificate identity and OIDC issuer.
  AFS_ASSIGN_OR_RETURN(auto root, node->String("trusted-root"));
  if (root) t.trusted_root = node->ResolvePath(*root);
  const std::pair<const char*, std::string*> keyless[] = {
      {"certificate-identity", &t.certificate_identity},
      {"certificate-identity-regexp", &t.certificate_identity_regexp},
      {"certificate-oidc-issuer", &t.certificate_oidc_issuer},
      {"certificate-oidc-issuer-regexp", &t.certificate_oidc_issuer_regexp}};
  for (auto [key, field] : keyless) {
    AFS_ASSIGN_OR_RETURN(auto v, node->String(key));
    if (v) *field = *v;
  }
  if (t.Keyless() && (!t.keys.empty() || !t.ca_roots.empty())) {
    return node->ErrorAt("keys", "give keys, ca-roots or keyless identities, not several");
  }
  if (t.Keyless()) {
    const bool san = !t.certificate_identity.empty() || !t.certificate_identity_regexp.empty();
    const bool issuer =
        !t.certificate_oidc_issuer.empty() || !t.certificate_oidc_issuer_regexp.empty();
    if (!san || !issuer) {
      return node->ErrorAt(san ? "certificate-oidc-issuer" : "certificate-identity",
                           "keyless trust needs a certificate identity (or -regexp) and an "
                           "OIDC issuer (or -regexp), as cosign does");
    }
  }
  if (!t.identity.empty() && t.ca_roots.empty()) {
    return node->ErrorAt("identity", "an identity needs ca-roots");
  }
  if (!t.keys.empty() && !t.ca_roots.empty()) {
    return node->ErrorAt("keys", "give keys or ca-roots, not both");
  }
  return t;
}

Result<AdmissionRule> ParseRule(const PolicyNode& node) {
  AFS_TRY(node.CheckKnownKeys(
      {"name", "namespaces", "images", "trust", "policy", "mode", "failure-policy"}));
  AdmissionRule r;
  r.line = node.line();
  AFS_ASSIGN_OR_RETURN(r.name, node.RequiredString("name"));
  AFS_ASSIGN_OR_RETURN(r.namespaces, node.StringList("namespaces", false));
  AFS_ASSIGN_OR_RETURN(r.images, node.StringList("images", true));
  if (r.images.empty()) return node.ErrorAt("images", "give at least one image pattern");
  AFS_ASSIGN_OR_RETURN(r.trust, ParseTrust(node, "trust"));
  AFS_ASSIGN_OR_RETURN(auto pol, node.String("policy"));
  if (pol) r.policy = node.ResolvePath(*pol);
  AFS_ASSIGN_OR_RETURN(auto mode, node.Enum("mode", {"enforce", "warn", "skip"}, "enforce"));
  r.mode = mode == "warn" ? RuleMode::kWarn : mode == "skip" ? RuleMode::kSkip : RuleMode::kEnforce;
  AFS_ASSIGN_OR_RETURN(auto fp, node.Enum("failure-policy", {"deny", "allow"}, "deny"));
  r.failure_policy = fp == "allow" ? FailurePolicy::kAllow : FailurePolicy::kDeny;
  return r;
}

}  // namespace

Status SplitListenAddress(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return Error(Errc::kUsage, "listen address '" + listen + "': expected HOST:PORT");
  }
  std::string h = listen.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  int p = 0;
  const std::string ps = listen.substr(colon + 1);
  auto [e, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), p);
  if (ec != std::errc() || e != ps.data() + ps.size() || p < 0 || p > 65535) {
    return Error(Errc::kUsage, "listen address '" + listen + "': bad port '" + ps + "'");
  }
  *host = h.empty() ? "0.0.0.0" : h;
  *port = p;
  return OkStatus();
}

Result<AdmissionConfig> ParseAdmissionConfig(std::string_view yaml_text,
                                             const std::string& display_path,
                                             const std::string& base_dir) {
  AFS_ASSIGN_OR_RETURN(auto doc, PolicyNode::ParseDocument(yaml_text, display_path, base_dir));
  AFS_TRY(doc.CheckKnownKeys({"apiVersion", "kind", "listen", "tls", "limits", "cache", "registry",
                              "trust", "rules", "unmatched", "model-annotation"}));
  AdmissionConfig c;
  c.path = display_path;
  AFS_ASSIGN_OR_RETURN(auto listen, doc.String("listen"));
  if (listen) c.listen = *listen;
  std::string host;
  int port = 0;
  if (Status s = SplitListenAddress(c.listen, &host, &port); !s.ok()) {
    return doc.ErrorAt("listen", s.error().message());
  }
  AFS_ASSIGN_OR_RETURN(auto tls, doc.Map("tls"));
  if (tls) {
    AFS_TRY(tls->CheckKnownKeys({"cert", "key"}));
    AFS_ASSIGN_OR_RETURN(c.tls_cert, tls->RequiredString("cert"));
    AFS_ASSIGN_OR_RETURN(c.tls_key, tls->RequiredString("key"));
    c.tls_cert = tls->ResolvePath(c.tls_cert);
    c.tls_key = tls->ResolvePath(c.tls_key);
  }
  AFS_ASSIGN_OR_RETURN(auto limits, doc.MapOrEmpty("limits"));
  AFS_TRY(limits.CheckKnownKeys({"max-body-bytes", "review-timeout", "registry-timeout",
                                 "read-timeout", "worker-threads", "max-references"}));
  AFS_ASSIGN_OR_RETURN(int64_t body,
                       Number(limits, "max-body-bytes", c.max_body_bytes, 4096, 64 << 20));
  c.max_body_bytes = static_cast<uint64_t>(body);
  AFS_ASSIGN_OR_RETURN(auto review_s, limits.String("review-timeout"));
  if (review_s) {
    // Sub-second values are allowed here ("500ms"): the API server's budget is 10 s.
    int64_t ms = 0;
    if (review_s->size() > 2 && review_s->ends_with("ms")) {
      auto [p, ec] = std::from_chars(review_s->data(), review_s->data() + review_s->size() - 2, ms);
      if (ec != std::errc() || p != review_s->data() + review_s->size() - 2) ms = 0;
    } else if (auto s = policy::ParseDuration(*review_s)) {
      ms = *s * 1000;
    }
    if (ms <= 0 || ms > 30000) {
      return limits.ErrorAt(
          "review-timeout",
          "expected a duration up to 30s (e.g. 9s, 500ms), got '" + *review_s + "'");
    }
    c.review_timeout_ms = static_cast<int>(ms);
  }
  AFS_ASSIGN_OR_RETURN(int64_t reg, Seconds(limits, "registry-timeout", c.registry_timeout_s));
  c.registry_timeout_s = static_cast<int>(reg);
  AFS_ASSIGN_OR_RETURN(int64_t rd, Seconds(limits, "read-timeout", c.read_timeout_s));
  c.read_timeout_s = static_cast<int>(rd);
  AFS_ASSIGN_OR_RETURN(int64_t workers,
                       Number(limits, "worker-threads", c.worker_threads, 2, 1024));
  c.worker_threads = static_cast<int>(workers);
  AFS_ASSIGN_OR_RETURN(int64_t refs, Number(limits, "max-references", c.max_references, 1, 100000));
  c.max_references = static_cast<size_t>(refs);

  AFS_ASSIGN_OR_RETURN(auto cache, doc.MapOrEmpty("cache"));
  AFS_TRY(cache.CheckKnownKeys({"ttl", "failure-ttl", "tag-ttl", "max-entries"}));
  AFS_ASSIGN_OR_RETURN(int64_t ttl, Seconds(cache, "ttl", c.cache_ttl_s));
  c.cache_ttl_s = static_cast<int>(ttl);
  AFS_ASSIGN_OR_RETURN(int64_t fttl, Seconds(cache, "failure-ttl", c.failure_ttl_s));
  c.failure_ttl_s = static_cast<int>(fttl);
  AFS_ASSIGN_OR_RETURN(auto tag_ttl, cache.String("tag-ttl"));
  if (tag_ttl) {
    // "0" turns the reuse off; otherwise a duration up to a minute.
    auto secs = *tag_ttl == "0" || *tag_ttl == "0s" ? std::optional<int64_t>(0)
                                                    : policy::ParseDuration(*tag_ttl);
    if (!secs || *secs > 60) {
      return cache.ErrorAt("tag-ttl", "expected 0 or a duration up to 60s, got '" + *tag_ttl + "'");
    }
    c.tag_ttl_s = static_cast<int>(*secs);
  }
  AFS_ASSIGN_OR_RETURN(int64_t entries,
                       Number(cache, "max-entries", c.cache_max_entries, 0, 10000000));
  c.cache_max_entries = static_cast<size_t>(entries);

  AFS_ASSIGN_OR_RETURN(auto reg_node, doc.MapOrEmpty("registry"));
  AFS_TRY(reg_node.CheckKnownKeys({"auth-file", "ca-file", "plain-http", "pull-secrets-dir"}));
  AFS_ASSIGN_OR_RETURN(auto auth, reg_node.String("auth-file"));
  if (auth) c.auth_file = reg_node.ResolvePath(*auth);
  AFS_ASSIGN_OR_RETURN(auto ca, reg_node.String("ca-file"));
  if (ca) c.ca_file = reg_node.ResolvePath(*ca);
  AFS_ASSIGN_OR_RETURN(c.plain_http, reg_node.StringList("plain-http", false));
  AFS_ASSIGN_OR_RETURN(auto secrets, reg_node.String("pull-secrets-dir"));
  if (secrets) c.pull_secrets_dir = reg_node.ResolvePath(*secrets);

  AFS_ASSIGN_OR_RETURN(c.trust, ParseTrust(doc, "trust"));
  AFS_ASSIGN_OR_RETURN(auto rules, doc.MapList("rules", true));
  if (rules.empty()) return doc.ErrorAt("rules", "give at least one rule");
  for (const auto& node : rules) {
    AFS_ASSIGN_OR_RETURN(auto rule, ParseRule(node));
    c.rules.push_back(std::move(rule));
  }
  AFS_ASSIGN_OR_RETURN(auto unmatched, doc.Enum("unmatched", {"deny", "allow"}, "deny"));
  c.deny_unmatched = unmatched == "deny";
  AFS_ASSIGN_OR_RETURN(auto annotation, doc.String("model-annotation"));
  if (annotation) c.model_annotation = *annotation;
  return c;
}

Result<AdmissionConfig> LoadAdmissionConfig(const std::string& path) {
  auto text = ReadFileLimited(path, kMaxConfigBytes);
  if (!text.ok()) return Error(Errc::kUsage, "admission config: " + text.error().message());
  std::string dir = ".";
  if (auto slash = path.rfind('/'); slash != std::string::npos) dir = path.substr(0, slash);
  if (dir.empty()) dir = "/";
  return ParseAdmissionConfig(*text, path, dir);
}

}  // namespace attestfs::admission

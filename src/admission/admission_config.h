// AdmissionConfig: the webhook's YAML configuration (attestfs-admission(5)) — where it listens,
// its TLS files, request limits, the verification cache, registry access, the default trust and
// the ordered rules that say, per namespace and image pattern, which trust and policy apply and
// what to do when the registry cannot be reached (first match wins). Loading resolves every
// path against the config file's directory and reads nothing else; trust and policy files are
// loaded by ReferenceChecker so a bad one fails the start, not a review.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/trust_config.h"
#include "base/result.h"

namespace attestfs::admission {

// What happens to a reference a rule matches.
enum class RuleMode {
  kEnforce,  // verification failures deny
  kWarn,     // verification failures become admission warnings; the pod is admitted
  kSkip,     // not verified (e.g. the cluster's own system images)
};

// What happens when the registry cannot be reached or verification runs out of time.
enum class FailurePolicy { kDeny, kAllow };

struct AdmissionRule {
  std::string name;
  std::vector<std::string> namespaces;  // text globs; empty: every namespace
  std::vector<std::string> images;      // path globs over the normalised reference
                                        // (registry/repository[:tag][@digest]); required
  app::TrustConfig trust;               // empty: the config's default trust
  std::string policy;                   // policy file (attestfs-policy(5)); optional
  RuleMode mode = RuleMode::kEnforce;
  FailurePolicy failure_policy = FailurePolicy::kDeny;
  int line = 0;  // in the config file
};

struct AdmissionConfig {
  std::string path;  // as loaded
  std::string listen = "0.0.0.0:8443";
  std::string tls_cert, tls_key;  // PEM files, re-read when they change
  // Limits.
  uint64_t max_body_bytes = 3 * 1024 * 1024;  // the API server's own request limit
  int review_timeout_ms = 9000;               // answer before the API server's 10 s
  int registry_timeout_s = 5;                 // caps each registry request
  int read_timeout_s = 5;                     // a client slower than this is dropped
  int worker_threads = 32;                    // concurrent connections served
  size_t max_references = 2000;               // per review
  // Cache of verification outcomes, keyed by repository@digest + rule (never by tag).
  int cache_ttl_s = 600;
  int failure_ttl_s = 30;  // denials are re-checked sooner (a signature may be added)
  size_t cache_max_entries = 10000;
  // Tag -> digest resolutions are reused this long (0: every review asks the registry). The
  // verdict is still keyed by the digest, and /mutate pins the digest that was verified.
  int tag_ttl_s = 5;
  // Registry access.
  std::string auth_file;                // containers auth.json / docker config.json
  std::string ca_file;                  // extra CA bundle for registries
  std::vector<std::string> plain_http;  // registry hosts spoken to over plain HTTP
  std::string pull_secrets_dir;         // DIR/<namespace>/<secret>/.dockerconfigjson
  // Trust and rules.
  app::TrustConfig trust;
  std::vector<AdmissionRule> rules;
  bool deny_unmatched = true;  // `unmatched: deny|allow`
  std::string model_annotation = "attestfs.dev/models";
};

// kUsage "FILE:LINE: key '...': message" for unknown keys, bad values, no rules, a rule
// without images, or a listen address that does not parse.
Result<AdmissionConfig> LoadAdmissionConfig(const std::string& path);
Result<AdmissionConfig> ParseAdmissionConfig(std::string_view yaml_text,
                                             const std::string& display_path,
                                             const std::string& base_dir);

// "host:port" -> (host, port); kUsage when malformed.
Status SplitListenAddress(const std::string& listen, std::string* host, int* port);

}  // namespace attestfs::admission

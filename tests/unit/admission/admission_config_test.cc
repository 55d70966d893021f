// ParseAdmissionConfig: defaults, every section, and refusals with file and line.
#include "admission/admission_config.h"

#include <gtest/gtest.h>

namespace attestfs::admission {
namespace {

Result<AdmissionConfig> Parse(const std::string& yaml) {
  return ParseAdmissionConfig(yaml, "admission.yaml", "/etc/attestfs");
}

TEST(AdmissionConfigTest, FullConfig) {
  auto c = Parse(R"(listen: 127.0.0.1:9443
tls: { cert: tls/tls.crt, key: /abs/tls.key }
limits: { max-body-bytes: 65536, review-timeout: 500ms, registry-timeout: 3s, worker-threads: 4 }
cache: { ttl: 5m, failure-ttl: 10s, max-entries: 50 }
registry: { auth-file: auth.json, plain-http: [127.0.0.1:5000], pull-secrets-dir: /secrets }
trust: { keys: [k.pub] }
rules:
  - name: a
    namespaces: [prod-*]
    images: ["reg/**"]
    trust: { ca-roots: roots.pem, identity: "*@example.com" }
    policy: p.yaml
    mode: warn
    failure-policy: allow
  - name: b
    images: reg2/x
unmatched: allow
)");
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->listen, "127.0.0.1:9443");
  EXPECT_EQ(c->tls_cert, "/etc/attestfs/tls/tls.crt");
  EXPECT_EQ(c->tls_key, "/abs/tls.key");
  EXPECT_EQ(c->max_body_bytes, 65536u);
  EXPECT_EQ(c->review_timeout_ms, 500);
  EXPECT_EQ(c->registry_timeout_s, 3);
  EXPECT_EQ(c->worker_threads, 4);
  EXPECT_EQ(c->cache_ttl_s, 300);
  EXPECT_EQ(c->failure_ttl_s, 10);
  EXPECT_EQ(c->cache_max_entries, 50u);
  EXPECT_EQ(c->auth_file, "/etc/attestfs/auth.json");
  EXPECT_EQ(c->plain_http, std::vector<std::string>{"127.0.0.1:5000"});
  EXPECT_EQ(c->trust.keys, std::vector<std::string>{"/etc/attestfs/k.pub"});
  ASSERT_EQ(c->rules.size(), 2u);
  EXPECT_EQ(c->rules[0].mode, RuleMode::kWarn);
  EXPECT_EQ(c->rules[0].failure_policy, FailurePolicy::kAllow);
  EXPECT_EQ(c->rules[0].trust.ca_roots, "/etc/attestfs/roots.pem");
  EXPECT_EQ(c->rules[0].policy, "/etc/attestfs/p.yaml");
  EXPECT_EQ(c->rules[1].images, std::vector<std::string>{"reg2/x"});
  EXPECT_EQ(c->rules[1].mode, RuleMode::kEnforce);
  EXPECT_EQ(c->rules[1].failure_policy, FailurePolicy::kDeny);
  EXPECT_FALSE(c->deny_unmatched);
}

TEST(AdmissionConfigTest, Defaults) {
  auto c = Parse("rules: [{name: a, images: [x]}]\n");
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->listen, "0.0.0.0:8443");
  EXPECT_EQ(c->review_timeout_ms, 9000);
  EXPECT_TRUE(c->deny_unmatched);
  EXPECT_EQ(c->model_annotation, "attestfs.dev/models");
  EXPECT_EQ(c->tag_ttl_s, 5);
  auto strict = Parse("cache: {tag-ttl: 0}\nrules: [{name: a, images: [x]}]\n");
  ASSERT_TRUE(strict.ok()) << strict.error().message();
  EXPECT_EQ(strict->tag_ttl_s, 0);
}

void ExpectRefused(const std::string& yaml, const std::string& words) {
  auto c = Parse(yaml);
  ASSERT_FALSE(c.ok()) << yaml;
  EXPECT_EQ(c.error().code(), Errc::kUsage);
  EXPECT_NE(c.error().message().find(words), std::string::npos) << c.error().message();
}

TEST(AdmissionConfigTest, Refusals) {
  ExpectRefused("rules: []\n", "rules");
  ExpectRefused("{}\n", "rules");
  ExpectRefused("rules: [{name: a}]\n", "images");
  ExpectRefused("rules: [{name: a, images: [x], mode: maybe}]\n", "mode");
  ExpectRefused("rules: [{name: a, images: [x], failure-policy: ignore}]\n", "failure-policy");
  ExpectRefused("rules: [{name: a, images: [x], imagez: [y]}]\n", "imagez");
  ExpectRefused("listen: nowhere\nrules: [{name: a, images: [x]}]\n", "HOST:PORT");
  ExpectRefused("limits: {review-timeout: 2m}\nrules: [{name: a, images: [x]}]\n", "up to 30s");
  ExpectRefused("limits: {worker-threads: lots}\nrules: [{name: a, images: [x]}]\n",
                "whole number");
  ExpectRefused("trust: {identity: x}\nrules: [{name: a, images: [x]}]\n", "needs ca-roots");
  ExpectRefused("trust: {keys: [a], ca-roots: b}\nrules: [{name: a, images: [x]}]\n", "not both");
  ExpectRefused("cache: {ttl: forever}\nrules: [{name: a, images: [x]}]\n", "duration");
  ExpectRefused("cache: {tag-ttl: 2m}\nrules: [{name: a, images: [x]}]\n", "up to 60s");
  auto c = Parse("rules:\n  - name: a\n    images: [x]\n    mode: often\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message().find("admission.yaml:4"), std::string::npos) << c.error().message();
}

TEST(AdmissionConfigTest, ListenAddress) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(SplitListenAddress("[::1]:8443", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 8443);
  ASSERT_TRUE(SplitListenAddress(":9000", &host, &port).ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_FALSE(SplitListenAddress("host:99999", &host, &port).ok());
}

}  // namespace
}  // namespace attestfs::admission
